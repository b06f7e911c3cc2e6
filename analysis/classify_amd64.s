//go:build amd64 && !purego

#include "textflag.h"

// func classifySSE2(data *byte, blocks int, spaces, newlines, digits *uint64)
// For each 64-byte block: 64-bit masks of its ' ' bytes, its '\n' bytes
// and its ASCII digits or spaces (bit j for byte j). SSE2 only, which every amd64
// CPU has. A byte b is a digit when b-'0' (wrapping) equals min(b-'0', 9).
TEXT ·classifySSE2(SB), NOSPLIT, $0-40
	MOVQ data+0(FP), SI
	MOVQ blocks+8(FP), CX
	MOVQ spaces+16(FP), DI
	MOVQ newlines+24(FP), DX
	MOVQ digits+32(FP), R10
	MOVQ $0x3030303030303030, AX
	MOVQ AX, X10
	PUNPCKLQDQ X10, X10
	MOVQ $0x0909090909090909, AX
	MOVQ AX, X11
	PUNPCKLQDQ X11, X11
	MOVQ $0x2020202020202020, AX
	MOVQ AX, X12
	PUNPCKLQDQ X12, X12
	MOVQ $0x0a0a0a0a0a0a0a0a, AX
	MOVQ AX, X13
	PUNPCKLQDQ X13, X13

loop:
	TESTQ CX, CX
	JZ    done
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	MOVOU 48(SI), X3

	MOVO     X0, X4
	PCMPEQB  X12, X4
	PMOVMSKB X4, AX
	MOVO     X1, X5
	PCMPEQB  X12, X5
	PMOVMSKB X5, BX
	MOVO     X2, X6
	PCMPEQB  X12, X6
	PMOVMSKB X6, R8
	MOVO     X3, X7
	PCMPEQB  X12, X7
	PMOVMSKB X7, R9
	SHLQ     $16, BX
	SHLQ     $32, R8
	SHLQ     $48, R9
	ORQ      BX, AX
	ORQ      R8, AX
	ORQ      R9, AX
	MOVQ     AX, 0(DI)

	MOVO     X0, X4
	PSUBB    X10, X4
	MOVO     X4, X5
	PMINUB   X11, X5
	PCMPEQB  X4, X5
	PMOVMSKB X5, AX
	MOVO     X1, X4
	PSUBB    X10, X4
	MOVO     X4, X5
	PMINUB   X11, X5
	PCMPEQB  X4, X5
	PMOVMSKB X5, BX
	MOVO     X2, X4
	PSUBB    X10, X4
	MOVO     X4, X5
	PMINUB   X11, X5
	PCMPEQB  X4, X5
	PMOVMSKB X5, R8
	MOVO     X3, X4
	PSUBB    X10, X4
	MOVO     X4, X5
	PMINUB   X11, X5
	PCMPEQB  X4, X5
	PMOVMSKB X5, R9
	SHLQ     $16, BX
	SHLQ     $32, R8
	SHLQ     $48, R9
	ORQ      BX, AX
	ORQ      R8, AX
	ORQ      R9, AX
	ORQ      0(DI), AX
	MOVQ     AX, 0(R10)

	PCMPEQB  X13, X0
	PMOVMSKB X0, AX
	PCMPEQB  X13, X1
	PMOVMSKB X1, BX
	PCMPEQB  X13, X2
	PMOVMSKB X2, R8
	PCMPEQB  X13, X3
	PMOVMSKB X3, R9
	SHLQ     $16, BX
	SHLQ     $32, R8
	SHLQ     $48, R9
	ORQ      BX, AX
	ORQ      R8, AX
	ORQ      R9, AX
	MOVQ     AX, 0(DX)

	ADDQ $64, SI
	ADDQ $8, DI
	ADDQ $8, DX
	ADDQ $8, R10
	DECQ CX
	JMP  loop

done:
	RET
