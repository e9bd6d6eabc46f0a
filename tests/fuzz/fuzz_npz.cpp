// Fuzzes the .npz writer (core/base/src/Npz.cpp: writeNpz; the project has no .npz reader: numpy
// reads what it writes). The input is a recipe for the entries; the archive written is read back
// by an independent ZIP reader here.
//
// Recipe: a byte with the entry count, then per entry: name length (u16; the name is that many
// bytes of the input repeated, "/" and NUL included), dtype (u8 % 6), number of dimensions
// (u8 % 5), each dimension (u8, or u32 when the flag byte says so). Data bytes come from the input;
// entries with more than 64 KiB of data are shrunk to 0 rows.
// Promises checked:
//  - no crash or sanitizer report; an archive it cannot represent is refused with an Error;
//  - what it writes is a valid plain ZIP (local headers, central directory, end record agree) whose
//    members are exactly the entries, in order, named name + ".npy", with the right CRC-32, and each
//    member is a .npy (parseNpyHeader) with the entry's dtype, shape and bytes.
#include "FuzzCommon.h"

#include "insolepose/Error.h"
#include "insolepose/Npz.h"

#include <cstring>
#include <fstream>
#include <vector>

#include <zlib.h>

using namespace insolepose;

namespace {

struct ZipView {
    std::vector<std::uint8_t> bytes;
    std::size_t u16(std::size_t at) const
    {
        fuzz::check(at + 2 <= bytes.size(), "ZIP field past the end of the archive");
        return bytes[at] | (std::size_t(bytes[at + 1]) << 8);
    }
    std::size_t u32(std::size_t at) const { return u16(at) | (u16(at + 2) << 16); }
    std::string str(std::size_t at, std::size_t n) const
    {
        fuzz::check(at + n <= bytes.size(), "ZIP name past the end of the archive");
        return std::string(reinterpret_cast<const char*>(bytes.data()) + at, n);
    }
};

/// `n` bytes of the input repeated from `offset` (names and data longer than the input).
std::string cyclic(const std::uint8_t* data, std::size_t size, std::size_t offset, std::size_t n)
{
    std::string out;
    out.reserve(n);
    offset %= size;
    while (out.size() < n) {
        const std::size_t take = std::min(n - out.size(), size - offset);
        out.append(reinterpret_cast<const char*>(data) + offset, take);
        offset = 0;
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    fuzz::Reader in(data, size);
    const std::size_t count = in.u8() % 8;
    std::vector<NpzEntry> entries;
    for (std::size_t e = 0; e < count; ++e) {
        NpzEntry entry;
        const std::size_t nameLength = in.u16();
        entry.name = cyclic(data, size, e, nameLength);
        entry.dtype = DType(in.u8() % 6);
        const std::size_t dims = in.u8() % 5;
        const std::uint8_t wide = in.u8();
        std::size_t bytes = dtypeSize(entry.dtype);
        bool overflow = false;
        for (std::size_t d = 0; d < dims; ++d) {
            entry.shape.push_back((wide >> d) & 1 ? in.u32() : in.u8());
            overflow |= __builtin_mul_overflow(bytes, entry.shape.back(), &bytes);
        }
        if (dims > 0 && (overflow || bytes > 65536)) {
            entry.shape[0] = 0;
            bytes = 0;
        }
        const std::string fill = cyclic(data, size, e * 13, bytes);
        entry.data.resize(bytes);
        if (bytes > 0)
            std::memcpy(entry.data.data(), fill.data(), bytes);
        entries.push_back(std::move(entry));
    }

    for (const NpzEntry& e : entries)
        if (e.name.size() + 4 > 0xffff && fuzz::skipKnown("npz-long-name"))
            return 0;
    const std::filesystem::path path = fuzz::scratchDir() / "arrays.npz";
    try {
        writeNpz(path, entries);
    } catch (const Error&) {
        return 0;
    }
    ZipView zip;
    {
        std::ifstream f(path, std::ios::binary | std::ios::ate);
        zip.bytes.resize(std::size_t(f.tellg()));
        f.seekg(0);
        f.read(reinterpret_cast<char*>(zip.bytes.data()), std::streamsize(zip.bytes.size()));
        fuzz::check(bool(f), "cannot read back " + path.string());
    }

    // End of central directory: the last 22 bytes (no comment).
    fuzz::check(zip.bytes.size() >= 22, "archive shorter than an end record");
    const std::size_t end = zip.bytes.size() - 22;
    fuzz::check(zip.u32(end) == 0x06054b50, "no end-of-central-directory record at the end");
    fuzz::check(zip.u16(end + 8) == entries.size() && zip.u16(end + 10) == entries.size(),
                "end record counts " + std::to_string(zip.u16(end + 10)) + " members, written " +
                    std::to_string(entries.size()));
    const std::size_t centralSize = zip.u32(end + 12), centralAt = zip.u32(end + 16);
    fuzz::check(centralAt + centralSize == end, "central directory does not end where the end record starts");

    std::size_t c = centralAt;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const NpzEntry& e = entries[i];
        const std::string label = "member " + std::to_string(i);
        fuzz::check(zip.u32(c) == 0x02014b50, label + ": bad central header signature");
        const std::size_t crc = zip.u32(c + 16), packed = zip.u32(c + 20), unpacked = zip.u32(c + 24);
        const std::size_t nameLen = zip.u16(c + 28), extra = zip.u16(c + 30), comment = zip.u16(c + 32);
        const std::size_t local = zip.u32(c + 42);
        const std::string name = zip.str(c + 46, nameLen);
        fuzz::check(zip.u16(c + 10) == 0 && packed == unpacked, label + ": not stored uncompressed");
        fuzz::check(name == e.name + ".npy", label + ": named '" + name + "' in the central directory, written '" +
                                                 e.name + ".npy' (" + std::to_string(e.name.size() + 4) + " bytes)");
        c += 46 + nameLen + extra + comment;

        fuzz::check(zip.u32(local) == 0x04034b50, label + ": bad local header signature");
        fuzz::check(zip.u32(local + 14) == crc && zip.u32(local + 18) == packed && zip.u32(local + 22) == unpacked,
                    label + ": local header disagrees with the central directory");
        fuzz::check(zip.str(local + 30, zip.u16(local + 26)) == name, label + ": local name differs");
        const std::size_t body = local + 30 + zip.u16(local + 26) + zip.u16(local + 28);
        fuzz::check(body + packed <= centralAt, label + ": data runs into the central directory");
        const unsigned long actual = crc32(0L, zip.bytes.data() + body, uInt(packed));
        fuzz::check(actual == crc, label + ": CRC-32 mismatch");

        try {
            const NpyHeader h =
                parseNpyHeader({reinterpret_cast<const std::byte*>(zip.bytes.data() + body), packed}, name);
            fuzz::check(h.dtype == e.dtype && h.shape == e.shape,
                        label + ": the .npy header does not give back the entry's dtype and shape");
            fuzz::check(h.dataOffset + e.data.size() == packed, label + ": data size differs");
            fuzz::check(std::equal(e.data.begin(), e.data.end(),
                                   reinterpret_cast<const std::byte*>(zip.bytes.data() + body + h.dataOffset)),
                        label + ": data bytes differ");
        } catch (const Error& err) {
            // A 0-d entry is written as shape () which this project's reader refuses by design.
            fuzz::check(e.shape.empty(), label + ": the member is not a readable .npy: " + err.what());
        }
    }
    fuzz::check(c == end, "central directory holds more than the members");
    return 0;
}
