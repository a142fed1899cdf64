#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# msgslotctl metrics on the host against a fake sysfs tree: the OpenMetrics
# text exactly, read back by a strict OpenMetrics parser (Debian's
# python3-prometheus-client); the Prometheus 0.0.4 text, which promtool
# check metrics finds nothing to report on; usage errors.
. "$(dirname "$0")/../lib/tap.sh"

. "$(dirname "$0")/../lib/fake-sysfs.sh"
fake_tree 2097152 1073741824
fake_slot 0 3 115 4096 2 10 18446744073709551615
fake_slot 12 0 0 512 0 0 0

want_om='# HELP msgslot_channels Channels of the slot that hold a message.
# TYPE msgslot_channels gauge
msgslot_channels{slot="slot0"} 3
msgslot_channels{slot="slot12"} 0
# HELP msgslot_message_bytes Sum of the lengths of the messages the slot holds.
# TYPE msgslot_message_bytes gauge
# UNIT msgslot_message_bytes bytes
msgslot_message_bytes{slot="slot0"} 115
msgslot_message_bytes{slot="slot12"} 0
# HELP msgslot_memory_bytes Kernel memory the slot holds: the slot, its hash table and its channels.
# TYPE msgslot_memory_bytes gauge
# UNIT msgslot_memory_bytes bytes
msgslot_memory_bytes{slot="slot0"} 4096
msgslot_memory_bytes{slot="slot12"} 512
# HELP msgslot_open_files Open files of the slot.
# TYPE msgslot_open_files gauge
msgslot_open_files{slot="slot0"} 2
msgslot_open_files{slot="slot12"} 0
# HELP msgslot_writes Successful writes to the slot since it appeared.
# TYPE msgslot_writes counter
msgslot_writes_total{slot="slot0"} 10
msgslot_writes_total{slot="slot12"} 0
# HELP msgslot_reads Successful reads of the slot since it appeared.
# TYPE msgslot_reads counter
msgslot_reads_total{slot="slot0"} 18446744073709551615
msgslot_reads_total{slot="slot12"} 0
# HELP msgslot_max_channels Channels a slot may hold (module parameter max_channels).
# TYPE msgslot_max_channels gauge
msgslot_max_channels{slot="slot0"} 2097152
msgslot_max_channels{slot="slot12"} 2097152
# HELP msgslot_max_message_bytes Message bytes a slot may hold (module parameter max_bytes).
# TYPE msgslot_max_message_bytes gauge
# UNIT msgslot_max_message_bytes bytes
msgslot_max_message_bytes{slot="slot0"} 1073741824
msgslot_max_message_bytes{slot="slot12"} 1073741824
# EOF'

om=$("$ctl" metrics)
t_is "metrics: exit 0" "$?" 0
t_is "metrics: the OpenMetrics text, every family and slot" "$om" "$want_om"
t_is "--format openmetrics is the same" "$("$ctl" metrics --format openmetrics)" "$want_om"

# A strict parser: families, types, units, and each sample's value.
parsed=$(printf '%s\n' "$om" | /usr/bin/python3 -c '
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
for f in text_string_to_metric_families(sys.stdin.read()):
    for s in f.samples:
        print(f.name, f.type, f.unit or "-", s.name, s.labels["slot"], int(s.value))
' 2>&1)
t_is "a strict OpenMetrics parser reads it back: types, units and values" \
	"$(printf '%s\n' "$parsed" | grep -E '^msgslot_(writes|reads|memory_bytes) .* slot0 ')" \
	"msgslot_memory_bytes gauge bytes msgslot_memory_bytes slot0 4096
msgslot_writes counter - msgslot_writes_total slot0 10
msgslot_reads counter - msgslot_reads_total slot0 18446744073709551615"
t_is "16 samples, 8 families of 2 slots" "$(printf '%s\n' "$parsed" | wc -l)" 16

prom=$("$ctl" metrics --format prometheus)
t_is "--format prometheus: exit 0" "$?" 0
t_is "the 0.0.4 text names a counter's family as its samples, no UNIT, no EOF" \
	"$(printf '%s\n' "$prom" | grep -E '^# (TYPE|HELP) msgslot_writes|^# (UNIT|EOF)')" \
	"# HELP msgslot_writes_total Successful writes to the slot since it appeared.
# TYPE msgslot_writes_total counter"
t_is "and the same samples" "$(printf '%s\n' "$prom" | grep -v '^#')" \
	"$(printf '%s\n' "$om" | grep -v '^#')"
lint=$(printf '%s\n' "$prom" | promtool check metrics 2>&1)
t_is "promtool check metrics finds nothing to report on it (exit 0)" "$? $lint" "0 "
# promtool reads 0.0.4 only: of the OpenMetrics text it reports just the
# counters, whose HELP names the family (msgslot_writes), as OpenMetrics says.
t_is "(promtool on the OpenMetrics text: only the counters' family names, which it cannot read)" \
	"$(printf '%s\n' "$om" | promtool check metrics 2>&1 | sort)" \
	"msgslot_reads_total no help text
msgslot_writes_total no help text"

"$ctl" metrics --format json >/dev/null 2>"$tree/err"
t_is "--format json: usage error" "$? $(cat "$tree/err")" \
	"2 msgslotctl: --format: 'json' is neither openmetrics nor prometheus; try 'msgslotctl --help'"
"$ctl" list --format prometheus >/dev/null 2>"$tree/err"
t_is "--format with list: usage error" "$? $(cat "$tree/err")" "2 msgslotctl: --format is for metrics; try 'msgslotctl --help'"
"$ctl" metrics slot0 >/dev/null 2>"$tree/err"
t_is "metrics SLOT: usage error" "$? $(cat "$tree/err")" "2 msgslotctl: metrics takes no arguments; try 'msgslotctl --help'"
"$ctl" metrics --format >/dev/null 2>"$tree/err"
t_is "--format without a value: usage error" "$? $(cat "$tree/err")" \
	"2 msgslotctl: option --format needs an argument; try 'msgslotctl --help'"
MSGSLOT_SYSFS=$tree/none "$ctl" metrics >/dev/null 2>"$tree/err"
t_is "module not loaded: exit 1, one line" "$? $(wc -l <"$tree/err")" "1 1"
t_done
