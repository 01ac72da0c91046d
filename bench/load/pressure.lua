-- wrk script of bench/load/run.sh's pressure phase: callers of the long tail
-- of tenants (company 1001 .. 1000+TENANTS, whose caches are cold, on the
-- same Cal.com API key and rate limiter as everyone else) asking
-- check_availability. A caller told 503 with Retry-After waits that long
-- before asking again, as the voice agent does; one that got an answer asks
-- again at once. So the demand on Cal.com stays far above the limiter's
-- budget without the refused callers spinning on the CPU.
--   wrk ... -s pressure.lua URL -- [TENANTS]

function init(args)
	tenants = tonumber(args[1] or "1000000")
	math.randomseed(os.time() * 1000 + math.random(1000))
	wait_ms = 0
end

local event_types = { 1001, 1002, 1003 }

function request()
	return wrk.format("GET", string.format("/?action=check&et=%d&day=%d&h=%d&m=%d&t=%d",
		event_types[math.random(3)], math.random(0, 13), math.random(9, 17), math.random(0, 1) * 30,
		1000 + math.random(tenants)))
end

-- wrk calls delay() for a connection right after response() for it.
function response(status, headers, body)
	wait_ms = 0
	if status == 503 then
		local ra = tonumber(headers["Retry-After"] or headers["retry-after"] or "1") or 1
		wait_ms = math.max(1, ra) * 1000
	end
end

function delay()
	return wait_ms
end
