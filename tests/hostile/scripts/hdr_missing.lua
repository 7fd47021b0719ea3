-- expect: error E_HEADER
-- message: must end with `return runbook.define
log.info('no header')
