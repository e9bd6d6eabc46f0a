#include "insolepose/Time.h"

#include <chrono>

namespace insolepose {

TimeNs hostClock_ns()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace insolepose
