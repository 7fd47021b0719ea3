-- expect: error E_SYNTAX
local s = [==[ abc ]=]
