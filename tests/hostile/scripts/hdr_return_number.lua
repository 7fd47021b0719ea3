-- expect: error E_HEADER
-- message: got 42
return 42
