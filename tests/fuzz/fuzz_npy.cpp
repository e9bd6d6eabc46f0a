// Fuzzes the .npy reader (core/base/src/Npy.cpp: parseNpyHeader, NpyArray::open, expect,
// setNpyRowCount) on the input written as a file.
//
// Promises checked:
//  - no crash or sanitizer report: a file is either rejected with insolepose::Error (FormatError /
//    IoError naming the file) or opened;
//  - an opened array's rows lie inside the file: header size + rows x row bytes <= file size, and
//    the row size is the true product of the shape (no overflow), so every row can be read (each is
//    read here);
//  - parseNpyHeader on the bytes gives the header NpyArray::open used;
//  - repairing (setNpyRowCount to the rows present) keeps every row and its bytes, and the file then
//    opens without a warning.
#include "FuzzCommon.h"

#include "insolepose/Error.h"
#include "insolepose/Npy.h"

#include <cstring>
#include <fstream>
#include <stdexcept>
#include <vector>

using namespace insolepose;

namespace {

void writeFile(const std::filesystem::path& path, const std::uint8_t* data, std::size_t size)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    fuzz::check(bool(out), "cannot write the scratch file " + path.string());
}

/// Bytes per row computed without overflow; nothing when it overflows.
std::optional<std::size_t> trueRowBytes(const NpyHeader& h)
{
    std::size_t n = dtypeSize(h.dtype);
    for (std::size_t i = 1; i < h.shape.size(); ++i)
        if (__builtin_mul_overflow(n, h.shape[i], &n))
            return std::nullopt;
    return n;
}

std::uint64_t checksum(const NpyArray& a)
{
    std::uint64_t sum = 0;
    const std::size_t bytes = a.rows() * a.rowBytes();
    const std::byte* p = a.rowData(0);
    for (std::size_t i = 0; i < bytes; ++i)
        sum = sum * 31 + std::uint8_t(p[i]);
    return sum;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::filesystem::path path = fuzz::scratchDir() / "array.npy";
    writeFile(path, data, size);

    std::optional<NpyHeader> parsed;
    try {
        parsed = parseNpyHeader({reinterpret_cast<const std::byte*>(data), size}, "array.npy");
    } catch (const Error&) {
    } catch (const std::out_of_range&) {
        if (fuzz::skipKnown("npy-header-out-of-range"))
            return 0;
        throw;
    }

    NpyArray a;
    std::string warning;
    try {
        a = NpyArray::open(path, &warning);
    } catch (const Error&) {
        fuzz::check(!parsed || size == 0, "NpyArray::open rejected a header parseNpyHeader accepts");
        return 0;
    }
    fuzz::check(parsed.has_value(), "NpyArray::open accepted a header parseNpyHeader rejects");
    const NpyHeader& h = a.header();
    fuzz::check(parsed->dtype == h.dtype && parsed->shape == h.shape && parsed->dataOffset == h.dataOffset,
                "NpyArray::open and parseNpyHeader disagree");
    fuzz::check(!h.shape.empty() && a.headerRows() == h.shape[0], "headerRows() is not shape[0]");
    const std::optional<std::size_t> rowBytes = trueRowBytes(h);
    if (!rowBytes && fuzz::skipKnown("npy-row-size-overflow"))
        return 0;
    fuzz::check(rowBytes.has_value(), "a header whose row size overflows was accepted (shape product * dtype size)");
    fuzz::check(*rowBytes == a.rowBytes(),
                "rowBytes() " + std::to_string(a.rowBytes()) + " is not the shape's " + std::to_string(*rowBytes));
    fuzz::check(h.dataOffset <= size, "data offset past the end of the file");
    std::size_t need = 0;
    fuzz::check(!__builtin_mul_overflow(a.rows(), a.rowBytes(), &need) && need <= size - h.dataOffset,
                std::to_string(a.rows()) + " rows of " + std::to_string(a.rowBytes()) + " bytes do not fit the " +
                    std::to_string(size - h.dataOffset) + " bytes after the header");
    if (a.rowBytes() > 0)
        fuzz::check(a.rows() == (size - h.dataOffset) / a.rowBytes(), "rows() is not the number of complete rows");
    const std::uint64_t sum = checksum(a);

    // Every dtype and the array's own row shape are accepted or rejected without a crash.
    for (DType t : {DType::U8, DType::U16, DType::U32, DType::I64, DType::F32, DType::F64}) {
        try {
            a.expect(t, std::vector<std::size_t>(a.rowShape().begin(), a.rowShape().end()));
            fuzz::check(t == a.dtype(), "expect() accepted the wrong dtype");
        } catch (const Error&) {
            fuzz::check(t != a.dtype(), "expect() rejected the array's own dtype and shape");
        }
    }

    // Repair: cut to the complete rows, rewrite the header's count; nothing present is lost.
    const std::size_t rows = a.rows();
    a = NpyArray();
    try {
        setNpyRowCount(path, rows);
    } catch (const Error&) {
        return 0; // e.g. the new count does not fit the old header's size: refused, file untouched
    }
    try {
        std::string again;
        const NpyArray b = NpyArray::open(path, &again);
        fuzz::check(b.rows() == rows && b.headerRows() == rows,
                    "repair changed the row count from " + std::to_string(rows) + " to " + std::to_string(b.rows()));
        fuzz::check(again.empty(), "a repaired file still warns: " + again);
        fuzz::check(checksum(b) == sum, "repair changed the rows' bytes");
    } catch (const Error& e) {
        fuzz::broken(std::string("a repaired file does not reopen: ") + e.what());
    }
    return 0;
}
