package flowlog_test

import (
	"fmt"

	"github.com/aclprobe/aclprobe/analysis/flowlog"
)

// A row grouped by dstaddr, dstport and pkt-dstaddr has its destination at
// 2 (pkt-dstaddr, preferred) else 0; no endpoint, so no source column.
func ExampleColumns() {
	by := []string{"dstaddr", "dstport", "pkt-dstaddr"}
	fmt.Println(flowlog.Columns(by, flowlog.DstFields...))
	fmt.Println(flowlog.Columns(by, flowlog.SrcFields...))
	fmt.Println(flowlog.Columns([]string{"srcaddr", flowlog.FieldSrcEndpoint}, flowlog.SrcFields...))
	// Output:
	// [2 0]
	// []
	// [1 0]
}
