"""Brokers: the backtesting simulator (live-trading brokers are not provided)."""
from .bbroker import BackBroker, BrokerBack

__all__ = ['BackBroker', 'BrokerBack']
