"""Ready-made sizers."""
from .fixedsize import *
from .percents_sizer import *
