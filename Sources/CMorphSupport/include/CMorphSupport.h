// CMorphSupport: the project's only C code: what Swift cannot express itself.
//   MorphFloatingPoint.h: exact RISC-V floating point on x86-64 SSE (RISC-V Unprivileged ISA, chapters "F"
//     and "D"); the comment at its top says why it has to be C.
//   MorphFaultHandler.h: the guard that turns a host memory fault in the guest window into a return value.
//   MorphAtomics.h: host atomic operations on guest memory (LR/SC and AMOs across guest threads).
//   MorphProcessSupport.h: raw waitid and prctl, and the handler that records asynchronous host signals.
//   MorphTerminal.h: the handler that puts the terminal back when a signal ends `morph boot`.
#ifndef CMORPHSUPPORT_H
#define CMORPHSUPPORT_H

#include "MorphFloatingPoint.h"
#include "MorphFaultHandler.h"
#include "MorphAtomics.h"
#include "MorphProcessSupport.h"
#include "MorphTerminal.h"

#endif
