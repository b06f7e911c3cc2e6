package report

import "github.com/aclprobe/aclprobe/run"

// fxScenarios are the three fixture runs: a clean run, a run with breaks
// and an interrupted run that left an entry behind.
func fxScenarios() []fxScenario {
	web := []string{"10.20.1.15", "10.20.2.31", "10.20.3.7"}
	return []fxScenario{
		{name: "clean", outcome: run.OutcomeCompleted, targets: []fxTarget{
			{cidr: "52.94.36.0/24", label: "sts.eu-west-1.amazonaws.com", verdict: run.VerdictNoImpact, shape: "..|......|.",
				ev: ev(18211, 41_922_000, "AMAZON", "ip-ranges", web, []string{"443/tcp"})},
			{cidr: "52.95.130.0/24", label: "ECR api.ecr.eu-west-1", verdict: run.VerdictNoImpact, shape: "..|......|.",
				ev: ev(9322, 3_811_000_000, "AMAZON", "ip-ranges", []string{"10.20.1.40"}, []string{"443/tcp"})},
			{cidr: "203.0.113.77/32", label: "old ntp server", verdict: run.VerdictNoImpact, shape: "..|......|.",
				ev: ev(212, 38_400, "", "", []string{"10.20.9.2"}, []string{"123/udp"})},
		}},
		{name: "breaks", outcome: run.OutcomeCompleted, targets: []fxTarget{
			{cidr: "52.94.216.0/21", label: "kinesis streams (clickstream)", verdict: run.VerdictBroke, shape: "..|............|......",
				ev:     ev(412_004, 28_400_000_000, "AMAZON", "ip-ranges", web, []string{"443/tcp"}),
				tracks: map[string]string{"alarm kinesis-put-errors": "..|...XXXXXXXXX|XX...."}},
			{cidr: "3.5.64.0/21", label: "s3 eu-west-1 | uploads", verdict: run.VerdictBroke, shape: "..|............|......",
				ev: ev(96_310, 7_950_000_000, "S3", "ip-ranges", web, []string{"443/tcp"}),
				tracks: map[string]string{
					"probe api-health":   "..|.XXXXXXXXXXX|X.....",
					"alarm checkout-5xx": "..|.....XXXXXXX|XXX...",
				}},
			{cidr: "3.233.146.0/24", label: "datadog intake", verdict: run.VerdictBroke, shape: "..|............|..",
				ev:     ev(33_870, 1_210_000_000, "datadog", "vendor:datadog", web, []string{"443/tcp"}),
				tracks: map[string]string{"probe datadog-intake": "..|XXXXXXXXXXXX|.."}},
			{cidr: "52.119.240.0/21", label: "dynamodb eu-west-1", verdict: run.VerdictNoImpact, shape: "..|............|..",
				ev: ev(140_552, 5_120_000_000, "DYNAMODB", "pkt-dst-aws-service", web, []string{"443/tcp"})},
			{cidr: "203.0.113.10/32", label: "old-partner-sftp", verdict: run.VerdictNoImpact, shape: "..|............|..",
				ev: ev(37, 412_000, "", "", []string{"10.20.9.2"}, []string{"22/tcp"})},
			{cidr: "198.51.100.0/24", label: "unknown, heavy", verdict: run.VerdictNoImpact, shape: "..|............|..",
				ev: ev(61_200, 2_300_000_000, "EC2", "ip-ranges", []string{"10.20.4.11", "10.20.4.12"}, []string{"443/tcp", "8443/tcp"})},
			{cidr: "192.0.2.50/32", label: "legacy-metrics", verdict: run.VerdictInconclusive, shape: "..|............|..",
				reason: "alarm orders-queue-age had insufficient data for the whole window",
				ev:     ev(140, 96_000, "", "", []string{"10.20.5.3"}, []string{"2003/tcp"}),
				tracks: map[string]string{"alarm orders-queue-age": "??|????????????|??"}},
		}},
		{name: "interrupted", outcome: run.OutcomeInterrupted,
			reason: "SIGINT received 40s into the window of 52.95.8.0/24; removing its entry then failed", targets: []fxTarget{
				{cidr: "52.94.12.0/24", label: "sqs.eu-west-1", verdict: run.VerdictNoImpact, shape: "..|............|..",
					ev: ev(22_140, 310_000_000, "AMAZON", "ip-ranges", web, []string{"443/tcp"})},
				{cidr: "52.95.8.0/24", label: "sns.eu-west-1", verdict: run.VerdictInconclusive, shape: "..|....|",
					reason: "interrupted 40s into the 2m00s window", undoFails: true,
					ev: ev(5_400, 12_600_000, "AMAZON", "ip-ranges", web, []string{"443/tcp"})},
				{cidr: "203.0.113.200/32", label: "batch export sftp", verdict: run.VerdictInconclusive, notTested: true,
					reason: "not tested: the run was interrupted before this target",
					ev:     ev(12, 8_200, "", "", []string{"10.20.9.2"}, []string{"22/tcp"})},
			}},
	}
}
