-- wrk request mix for bench/load/run.sh. Each wrk connection is a caller on
-- the line: it asks check_availability for a random event type (the
-- emulator's 1001/1002/1003), day (today .. today+13) and time (09:00 ..
-- 17:30 on the half hour), and books once every BOOK_EVERY seconds (a
-- call's length). So bookings grow with the number of concurrent callers,
-- not with throughput: 8 callers book 8 times a minute, 64 callers 64
-- times, and with the refetches their invalidations cause the demand on
-- Cal.com passes the rate limiter's budget at the top levels.
--   wrk ... -s mix.lua URL -- BOOK_EVERY CONNECTIONS_PER_THREAD   (BOOK_EVERY 0: never)

local threads = {}

function setup(thread)
	thread:set("tid", #threads + 1)
	table.insert(threads, thread)
end

function init(args)
	local every = tonumber(args[1] or "60")
	local conns = tonumber(args[2] or "1")
	-- Bookings per second of this thread; os.time() ticks in seconds, so the
	-- bookings are paid out from a credit that grows with the clock.
	rate = every > 0 and conns / every or 0
	math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
	credit = math.random()   -- threads do not book in step
	last = os.time()
end

local event_types = { 1001, 1002, 1003 }

function request()
	local action = "check"
	if rate > 0 then
		local now = os.time()
		if now > last then
			credit = credit + (now - last) * rate
			last = now
		end
		if credit >= 1 then
			credit = credit - 1
			action = "book"
		end
	end
	local path = string.format("/?action=%s&et=%d&day=%d&h=%d&m=%d", action,
		event_types[math.random(3)], math.random(0, 13), math.random(9, 17), math.random(0, 1) * 30)
	return wrk.format("GET", path)
end
