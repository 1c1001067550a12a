# Runs a command and fails unless its peak resident set stays below a
# bound: peak-rss.py MIB COMMAND... (the command's output passes through).
import resource
import subprocess
import sys

limit_mib = int(sys.argv[1])
status = subprocess.call(sys.argv[2:])
peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
if status != 0:
    sys.exit(status)
if peak_mib >= limit_mib:
    print("peak resident set %.1f MiB, over %d MiB" % (peak_mib, limit_mib))
    sys.exit(1)
print("peak resident set below %d MiB" % limit_mib)
