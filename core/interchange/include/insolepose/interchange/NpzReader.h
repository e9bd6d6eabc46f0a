#pragma once
// Reads NumPy .npz archives as numpy.savez and numpy.savez_compressed write them (a ZIP of .npy
// files, stored or deflated), including the dtypes other tools put there: booleans and unicode
// strings besides the numbers. Errors: IoError (unreadable file), FormatError naming the file and
// the entry (not a ZIP, truncated, bad CRC, unknown compression, bad .npy header).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace insolepose::interchange {

/// One array of an archive, its values converted on request.
struct NpzArray {
    std::string name; ///< Without ".npy".
    std::string descr; ///< NumPy dtype string, e.g. "<f4", "|b1", "<U14".
    std::vector<std::size_t> shape; ///< Empty for a 0-d array.
    std::vector<std::byte> data; ///< C-order values.

    std::size_t count() const; ///< Number of elements.
    bool isNumeric() const; ///< Integer, float or bool.
    /// Every element as a double (numeric dtypes only; throws FormatError otherwise).
    std::vector<double> toDoubles(const std::string& file) const;
    /// A 0-d or 1-element unicode/bytes array as text (throws FormatError otherwise).
    std::string toText(const std::string& file) const;
};

/// Reads every array of `path`.
std::vector<NpzArray> readNpz(const std::filesystem::path& path);
/// The array called `name`; throws FormatError naming the file and the keys present otherwise.
const NpzArray& npzEntry(const std::vector<NpzArray>& arrays, const std::string& name, const std::string& file);

} // namespace insolepose::interchange
