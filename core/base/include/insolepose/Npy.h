#pragma once
// NumPy .npy files (format 1.0, little-endian, C order): a memory-mapped reader that validates
// the header and survives files cut short by a crash, an append-only writer for recording that
// keeps the header's row count current, and a one-shot atomic writer.
// Errors: FormatError (bad magic, header, dtype, order) and IoError, each naming the file.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace insolepose {

enum class DType { U8, U16, U32, I64, F32, F64 };
std::size_t dtypeSize(DType t);
std::string dtypeDescr(DType t); ///< NumPy descr, e.g. "<u2"
const char* dtypeName(DType t); ///< e.g. "uint16"

template <typename T> constexpr DType dtypeOf();
template <> constexpr DType dtypeOf<std::uint8_t>() { return DType::U8; }
template <> constexpr DType dtypeOf<std::uint16_t>() { return DType::U16; }
template <> constexpr DType dtypeOf<std::uint32_t>() { return DType::U32; }
template <> constexpr DType dtypeOf<std::int64_t>() { return DType::I64; }
template <> constexpr DType dtypeOf<float>() { return DType::F32; }
template <> constexpr DType dtypeOf<double>() { return DType::F64; }

struct NpyHeader {
    DType dtype = DType::U8;
    std::vector<std::size_t> shape; ///< shape[0] is the row count the header claims.
    std::size_t dataOffset = 0; ///< Bytes before the data.
    std::size_t rowBytes() const; ///< Bytes per row (product of shape[1:] times dtype size).
};

/// Parses a header from the first bytes of a file; `fileName` is used in error messages.
NpyHeader parseNpyHeader(std::span<const std::byte> bytes, const std::string& fileName);
/// Serialises a header padded with spaces to `totalBytes` (a multiple of 64).
std::string makeNpyHeader(DType dtype, const std::vector<std::size_t>& shape, std::size_t totalBytes = 128);
/// The same for any NumPy descr, e.g. "<U14" (a string of 14 UCS-4 characters).
std::string makeNpyHeader(const std::string& descr, const std::vector<std::size_t>& shape,
                          std::size_t totalBytes = 128);

/// A read-only, memory-mapped .npy file.
class NpyArray {
public:
    NpyArray();
    ~NpyArray();
    NpyArray(NpyArray&&) noexcept;
    NpyArray& operator=(NpyArray&&) noexcept;

    /// Maps `path`. When the file holds fewer complete rows than its header claims (a crash cut it
    /// short) or more (the header was not yet updated), rows() is the number of complete rows
    /// present and `warning` (if given) says what happened; a header that is unreadable throws.
    static NpyArray open(const std::filesystem::path& path, std::string* warning = nullptr);

    const std::filesystem::path& path() const;
    const NpyHeader& header() const;
    DType dtype() const { return header().dtype; }
    std::size_t rows() const; ///< Complete rows available.
    std::size_t headerRows() const; ///< Rows the header claims.
    std::size_t rowBytes() const { return header().rowBytes(); }
    std::span<const std::size_t> rowShape() const; ///< shape[1:]

    const std::byte* rowData(std::size_t row) const;
    template <typename T> std::span<const T> values() const
    {
        return {reinterpret_cast<const T*>(rowData(0)), rows() * rowBytes() / sizeof(T)};
    }

    /// Throws FormatError unless the dtype and shape[1:] match (0 in `rowShape` matches any size).
    void expect(DType dtype, const std::vector<std::size_t>& rowShape) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// Appends rows to a .npy file. Rows go to the operating system on flush(), which also rewrites
/// the header's row count in place, so a process killed at any moment leaves a file that reopens
/// with every flushed row.
class NpyAppender {
public:
    NpyAppender(const std::filesystem::path& path, DType dtype, std::vector<std::size_t> rowShape);
    ~NpyAppender();
    NpyAppender(const NpyAppender&) = delete;
    NpyAppender& operator=(const NpyAppender&) = delete;

    void append(const void* rows, std::size_t rowCount);
    template <typename T> void append(std::span<const T> values)
    {
        append(values.data(), values.size() * sizeof(T) / m_rowBytes);
    }
    void flush();
    void close();
    std::size_t rows() const { return m_rows; }
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
    DType m_dtype;
    std::vector<std::size_t> m_rowShape;
    std::size_t m_rowBytes = 0;
    std::size_t m_rows = 0;
    std::size_t m_flushedRows = 0;
    std::vector<std::byte> m_pending;
    int m_fd = -1;
};

/// Writes a whole array atomically (temporary file, then rename).
void writeNpy(const std::filesystem::path& path, DType dtype, const std::vector<std::size_t>& shape, const void* data);

/// Rewrites the header of an existing file so that it claims `rows` rows and cuts any partial
/// row at the end. Used to repair files left by a crash.
void setNpyRowCount(const std::filesystem::path& path, std::size_t rows);

} // namespace insolepose
