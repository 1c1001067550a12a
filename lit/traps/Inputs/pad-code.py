#!/usr/bin/env python3
"""pad-code.py - A copy of a .wat module with a function of 2.2 million
`nop`s added last, so that its code passes the 2 MiB above which -O2
compiles a module in the light tier (compiler/Optimize.h,
LargeModuleCodeBytes). Lowering drops the nops: the copy compiles about
as fast as the module.

  pad-code.py IN.wat OUT.wat

The module's closing parenthesis is the last one before the trailing
comment lines (`;;`) and blank lines of IN.wat.
"""
import sys

NOPS = 2200000  # one byte each: 2.2 MB of code, above 2 MiB

with open(sys.argv[1]) as f:
    lines = f.read().split('\n')
end = len(lines)
while end > 0 and (not lines[end - 1].strip() or
                   lines[end - 1].lstrip().startswith(';;')):
    end -= 1
text = '\n'.join(lines[:end])
close = text.rfind(')')
if close < 0:
    sys.exit('pad-code.py: no module in ' + sys.argv[1])
pad = '\n  (func $pad' + ' nop' * NOPS + ')'
with open(sys.argv[2], 'w') as f:
    f.write(text[:close] + pad + text[close:] + '\n')
