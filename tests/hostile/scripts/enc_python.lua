-- expect: error E_SYNTAX
import os
os.system('touch /tmp/medic_hostile_canary')
