"""One job system for coding jobs and analysis runs: status and leases (models, lease), where jobs run
(runner, worker), one entry point (dispatch), and recovery of jobs whose worker stopped (reaper)."""
