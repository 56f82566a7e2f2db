#!/bin/bash
# Puts the steps that Runbook.java declares and the model lacks into processes/decommission-port-reuse.bpmn:
# each with its entry gateway, its Error_StepFailed boundary and retry path, for an undo its compensation
# boundary, handler, association and throw in the phase's "undo steps, newest first" subprocess, laid out
# after the step the declaration puts before it. Run after adding a step's line to Runbook.java.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp test -Dtest=WriteModelFromRunbook -Dsurefire.failIfNoSpecifiedTests=false -DredirectTestOutputToFile=false
