-- expect: error E_HEADER
-- message: got table
return { name = 'x', run = function() end }
