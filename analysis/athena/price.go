package athena

import "math"

// DefaultPricePerTB is Athena's SQL query price in US dollars per TB
// scanned in most regions.
const DefaultPricePerTB = 5.0

// PricesPerTB holds per-region prices (USD per TB scanned) that differ
// from DefaultPricePerTB or that have been checked. Prices change: pass
// --price-per-tb to override, and treat the estimate as an estimate.
var PricesPerTB = map[string]float64{
	"us-east-1": 5, "us-east-2": 5, "us-west-1": 5, "us-west-2": 5,
	"eu-west-1": 5, "eu-west-2": 5, "eu-west-3": 5, "eu-central-1": 5, "eu-north-1": 5,
	"ap-southeast-1": 5, "ap-southeast-2": 5, "ap-northeast-1": 5, "ap-south-1": 5,
	"ca-central-1": 5,
}

// PricePerTB returns the price for region, DefaultPricePerTB when the
// table does not list it.
func PricePerTB(region string) float64 {
	if p, ok := PricesPerTB[region]; ok {
		return p
	}
	return DefaultPricePerTB
}

// minBilledBytes is Athena's minimum charge per query (10 MB); scans are
// billed rounded up to the next megabyte.
const (
	megabyte       = 1 << 20
	terabyte       = 1 << 40
	minBilledBytes = 10 * megabyte
)

// Cost estimates what scanning n bytes costs at pricePerTB.
func Cost(n int64, pricePerTB float64) float64 {
	billed := math.Ceil(float64(n)/megabyte) * megabyte
	billed = max(billed, minBilledBytes)
	return billed / terabyte * pricePerTB
}
