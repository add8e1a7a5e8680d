# Interface of the fee models: the money charged for one fill (negative: a
# rebate paid to us).


cdef class FeeModel:
    cdef readonly double maker          # the maker parameter (rate or amount)
    cdef readonly double taker          # the taker parameter
    cdef double fee(self, double price, double qty, bint maker) noexcept


cdef class MakerTakerFee(FeeModel):     # rate * |price * qty| (traded value)
    pass


cdef class PerQtyFee(FeeModel):         # rate * |qty|
    pass


cdef class FlatFee(FeeModel):           # a fixed amount per fill
    pass
