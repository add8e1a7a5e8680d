# Interface of the kernel that runs a factor graph as a backtrader indicator on an L2EventData.
#
# The graph is a sink of an L2 replay of the feed's records, so it sees every record the feed
# applies, not only the state at step ends. Streaming (the feed steps its replay bar by bar), the
# graph listens to the feed's own replay: made before the feed's first step, the kernel attaches
# it there, and after each bar the graph is at that bar. Preloaded (the feed ran its replay to
# the end before the indicator existed), the kernel keeps a private replay of the same records
# with its own book, and steps it to each bar: bar ``b`` of the data is the feed's step
# ``warmup + b`` (steps before ``fromdate`` warm the graph up). ``once`` walks every preloaded
# bar in one loop, ``next`` steps to the current bar: both see the same records. After a bar the
# kernel writes the graph's published outputs into the indicator's lines.
from backtrader._cy.kernels cimport Kernel
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader.hft._cy.factorgraph cimport GraphCore
from backtrader.hft._cy.l2replay cimport L2Replay, L2FeedState


cdef class FactorKernel(Kernel):
    cdef readonly GraphCore graph
    cdef object data                # the L2EventData
    cdef LineBuffer dt              # its datetime line
    cdef list outs                  # output lines, one per published value
    cdef L2Replay rep               # the replay feeding the graph (None before the first bar)
    cdef bint shared                # ``rep`` is the feed's own replay (else a private one)
    cdef L2FeedState state          # the data's running state (its warm-up steps)
    cdef bytes start                # the graph's state before the first bar
    cdef double* row
    cdef int npub

    cdef void _write(self, Py_ssize_t i, bint oncemode) noexcept
    cdef void _detach(self) noexcept
