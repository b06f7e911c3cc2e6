// Package s3src lists the flow log objects under an s3:// URL as
// source.Sources: it walks AWS's delivery layout
// (AWSLogs/account/vpcflowlogs/region/year/month/day) and prunes it to the
// days of a --since/--until window (DeliverySlack wide), so a query over a
// day never lists a year of objects.
package s3src
