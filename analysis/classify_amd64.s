//go:build amd64 && !purego

#include "textflag.h"

// BROADCAST fills x with copies of the byte repeated in the 64-bit
// constant c.
#define BROADCAST(c, x) \
	MOVQ       c, AX; \
	MOVQ       AX, x; \
	PUNPCKLQDQ x, x

// EQMASK sets r to the 16-bit mask of the bytes of x equal to those of
// c, comparing in tmp so that x is kept.
#define EQMASK(x, c, tmp, r) \
	MOVO     x, tmp; \
	PCMPEQB  c, tmp; \
	PMOVMSKB tmp, r

// DIGITMASK sets r to the 16-bit mask of the ASCII digits of x, using X4
// and X5: b-'0' (X10) equals min(b-'0', 9 (X11)).
#define DIGITMASK(x, r) \
	MOVO     x, X4; \
	PSUBB    X10, X4; \
	MOVO     X4, X5; \
	PMINUB   X11, X5; \
	PCMPEQB  X4, X5; \
	PMOVMSKB X5, r

// JOIN4 joins the 16-bit masks of bytes 0-15 (AX), 16-31 (BX), 32-47
// (R8) and 48-63 (R9) into one 64-bit mask in AX.
#define JOIN4 \
	SHLQ $16, BX; \
	SHLQ $32, R8; \
	SHLQ $48, R9; \
	ORQ  BX, AX; \
	ORQ  R8, AX; \
	ORQ  R9, AX

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
	BROADCAST($0x3030303030303030, X10) // '0'
	BROADCAST($0x0909090909090909, X11) // 9
	BROADCAST($0x2020202020202020, X12) // ' '
	BROADCAST($0x0a0a0a0a0a0a0a0a, X13) // '\n'

loop:
	TESTQ CX, CX
	JZ    done
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	MOVOU 48(SI), X3

	EQMASK(X0, X12, X4, AX)
	EQMASK(X1, X12, X5, BX)
	EQMASK(X2, X12, X6, R8)
	EQMASK(X3, X12, X7, R9)
	JOIN4
	MOVQ AX, 0(DI)

	DIGITMASK(X0, AX)
	DIGITMASK(X1, BX)
	DIGITMASK(X2, R8)
	DIGITMASK(X3, R9)
	JOIN4
	ORQ  0(DI), AX // digits or spaces
	MOVQ AX, 0(R10)

	PCMPEQB  X13, X0
	PMOVMSKB X0, AX
	PCMPEQB  X13, X1
	PMOVMSKB X1, BX
	PCMPEQB  X13, X2
	PMOVMSKB X2, R8
	PCMPEQB  X13, X3
	PMOVMSKB X3, R9
	JOIN4
	MOVQ     AX, 0(DX)

	ADDQ $64, SI
	ADDQ $8, DI
	ADDQ $8, DX
	ADDQ $8, R10
	DECQ CX
	JMP  loop

done:
	RET
