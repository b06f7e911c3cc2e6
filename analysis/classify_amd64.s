//go:build amd64 && !purego

#include "textflag.h"

// func classifySSE2(data *byte, blocks int, spaces, newlines *uint64)
// For each 64-byte block: a 64-bit mask of its ' ' bytes and one of its
// '\n' bytes (bit j for byte j). SSE2 only, which every amd64 CPU has.
TEXT ·classifySSE2(SB), NOSPLIT, $0-32
	MOVQ data+0(FP), SI
	MOVQ blocks+8(FP), CX
	MOVQ spaces+16(FP), DI
	MOVQ newlines+24(FP), DX
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
	DECQ CX
	JMP  loop

done:
	RET
