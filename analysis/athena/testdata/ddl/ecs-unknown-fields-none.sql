CREATE EXTERNAL TABLE IF NOT EXISTS `ecs_flows` (
  `version` int,
  `interface_id` string,
  `srcaddr` string,
  `dstaddr` string,
  `ecs_cluster_name` string,
  `ecs_task_id` string,
  `some_future_field` string
)
ROW FORMAT DELIMITED
FIELDS TERMINATED BY ' '
LOCATION 's3://flowlogs-bucket/prefix/AWSLogs/111122223333/vpcflowlogs/eu-west-1/'
TBLPROPERTIES (
  "skip.header.line.count" = "1"
)
