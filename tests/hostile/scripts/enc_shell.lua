-- expect: error E_SYNTAX
#!/bin/sh
touch /tmp/medic_hostile_canary
