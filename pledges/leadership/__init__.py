"""党建带群建: the party organisation that leads each mass-organisation unit endorses its
plan, receives its reports (请示报告) and follows its plans, pledges and progress."""
