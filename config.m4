dnl config.m4 for the calcom extension

PHP_ARG_ENABLE([calcom],
  [whether to enable calcom support],
  [AS_HELP_STRING([--enable-calcom], [Enable calcom (Cal.com v2 resilience layer)])],
  [no])

PHP_ARG_ENABLE([calcom-dev],
  [whether to build calcom with developer warnings],
  [AS_HELP_STRING([--enable-calcom-dev], [calcom: build with -Wall -Wextra -Werror])],
  [no],
  [no])

if test "$PHP_CALCOM" != "no"; then
  AC_PATH_PROG([PKG_CONFIG], [pkg-config], [no])
  if test "$PKG_CONFIG" = "no"; then
    AC_MSG_ERROR([pkg-config not found: install the Debian package pkg-config (or pkgconf)])
  fi

  AC_MSG_CHECKING([for libcurl >= 7.68])
  if $PKG_CONFIG --atleast-version=7.68.0 libcurl; then
    AC_MSG_RESULT([found version `$PKG_CONFIG --modversion libcurl`])
    PHP_EVAL_INCLINE([`$PKG_CONFIG --cflags libcurl`])
    PHP_EVAL_LIBLINE([`$PKG_CONFIG --libs libcurl`], CALCOM_SHARED_LIBADD)
  else
    AC_MSG_ERROR([libcurl >= 7.68 not found: install the Debian package libcurl4-openssl-dev])
  fi

  AC_MSG_CHECKING([for hiredis >= 0.14])
  if $PKG_CONFIG --atleast-version=0.14.0 hiredis; then
    AC_MSG_RESULT([found version `$PKG_CONFIG --modversion hiredis`])
    PHP_EVAL_INCLINE([`$PKG_CONFIG --cflags hiredis`])
    PHP_EVAL_LIBLINE([`$PKG_CONFIG --libs hiredis`], CALCOM_SHARED_LIBADD)
  else
    AC_MSG_ERROR([hiredis >= 0.14 not found: install the Debian package libhiredis-dev])
  fi

  dnl The engine is C11 plus POSIX (poll, clock_gettime, strncasecmp).
  CALCOM_CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1"
  if test "$PHP_CALCOM_DEV" != "no"; then
    CALCOM_CFLAGS="$CALCOM_CFLAGS -Wall -Wextra -Werror -Wno-unused-parameter"
  fi

  CALCOM_ENGINE_SOURCES="src/lib/err.c src/lib/sha1.c src/lib/clock.c src/lib/civil.c src/lib/cnum.c src/redis/dsn.c src/redis/redis.c src/http/http.c src/calcom/rfc3339.c src/calcom/slots.c src/calcom/booking_guard.c src/calcom/avail.c src/limiter/limiter.c src/breaker/breaker.c src/gate/gate.c src/swr/swr.c src/finder/finder.c src/metrics/metrics.c src/queue/queue.c"
  CALCOM_EXT_SOURCES="ext/calcom.c ext/exception.c ext/store.c ext/client.c ext/options.c ext/rate_limiter.c ext/circuit_breaker.c ext/gate.c ext/swr_cache.c ext/alternative_finder.c ext/metrics.c ext/request_queue.c"

  PHP_NEW_EXTENSION(calcom, $CALCOM_EXT_SOURCES $CALCOM_ENGINE_SOURCES, $ext_shared,, $CALCOM_CFLAGS)
  PHP_ADD_BUILD_DIR([$ext_builddir/ext])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/lib])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/redis])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/http])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/calcom])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/limiter])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/breaker])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/gate])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/swr])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/finder])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/metrics])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/queue])
  PHP_ADD_INCLUDE([$ext_srcdir])
  PHP_SUBST(CALCOM_SHARED_LIBADD)
fi
