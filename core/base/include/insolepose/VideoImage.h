#pragma once
// One decoded video frame as plain RGB bytes, shared by video files, cameras and the views.
#include <cstdint>
#include <vector>

namespace insolepose {

struct VideoImage {
    std::int64_t index = -1; ///< Frame number in the file (0-based); -1 for a live camera frame.
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgb; ///< width * height * 3 bytes, rows top to bottom.
};

} // namespace insolepose
