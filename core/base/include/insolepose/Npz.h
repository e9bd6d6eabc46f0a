#pragma once
// NumPy .npz archives (what numpy.savez writes: an uncompressed ZIP of .npy files), so weights and
// results load in Python with numpy.load alone. Errors: IoError naming the file.
#include "insolepose/Npy.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace insolepose {

struct NpzEntry {
    std::string name; ///< Array name (the file inside is name + ".npy").
    DType dtype = DType::F32;
    std::vector<std::size_t> shape;
    std::vector<std::byte> data;
};

void writeNpz(const std::filesystem::path& path, const std::vector<NpzEntry>& entries);

} // namespace insolepose
