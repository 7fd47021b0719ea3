-- expect: error E_HEADER
-- message: must end with
return ('\27[2J'):rep(100)
