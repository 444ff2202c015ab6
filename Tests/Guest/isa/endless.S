/* Error behaviour: a program that never reports (for --max-instructions). */
#include "isa.h"

test_main:
    li a0, 0
1:  addi a0, a0, 1
    j 1b
