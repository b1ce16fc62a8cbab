"""Production monitoring: compare the service's prediction log with the training data.

`monitor` decides whether the model needs retraining (monitor.py); `simulate` sends
the test split to a running service, as it is or shifted, to see the monitor work.
Both run in the training environment: the service never imports this package.
"""
