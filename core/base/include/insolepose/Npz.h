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
    /// When set, written as the NumPy descr instead of dtype's, with `itemBytes` bytes per item
    /// (e.g. "<U14" and 56: a string of 14 UCS-4 characters; textEntry makes one).
    std::string descr;
    std::size_t itemBytes = 0;
};

/// A 0-d string array, as numpy.array('text') (descr "<U<length>", UCS-4).
NpzEntry textEntry(const std::string& name, const std::string& text);

void writeNpz(const std::filesystem::path& path, const std::vector<NpzEntry>& entries);

} // namespace insolepose
