"""The staying checklist: a graduate's steps from permit to first payslip."""
