// CMorphSupport: the project's only C code: what Swift cannot express itself.
// Today that is exact RISC-V floating point on x86-64 SSE (RISC-V Unprivileged ISA, chapters "F" and "D"),
// declared in MorphFloatingPoint.h; see the comment at its top for why it has to be C.
#ifndef CMORPHSUPPORT_H
#define CMORPHSUPPORT_H

#include "MorphFloatingPoint.h"
#include "MorphFaultHandler.h"

#endif
