#include "insolepose/interchange/NpzReader.h"

#include "insolepose/Error.h"

#include <QFile>

#include <zlib.h>

#include <cstring>
#include <regex>

namespace insolepose::interchange {
namespace {

std::uint64_t le(const std::byte* p, int bytes)
{
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i)
        v = (v << 8) | std::uint64_t(p[i]);
    return v;
}

struct ZipEntry {
    std::string name;
    unsigned method = 0;
    std::uint32_t crc = 0;
    std::uint64_t compressed = 0, size = 0, localOffset = 0;
};

/// Sizes and offset from a zip64 extra field (numpy writes one for every entry).
void readZip64Extra(ZipEntry& e, const std::byte* extra, std::size_t length)
{
    std::size_t pos = 0;
    while (pos + 4 <= length) {
        const auto id = le(extra + pos, 2), n = le(extra + pos + 2, 2);
        if (id == 1) {
            std::size_t q = pos + 4;
            for (std::uint64_t* field : {&e.size, &e.compressed, &e.localOffset}) {
                if (*field == 0xffffffffu && q + 8 <= pos + 4 + n && q + 8 <= length) {
                    *field = le(extra + q, 8);
                    q += 8;
                }
            }
        }
        pos += 4 + n;
    }
}

std::vector<ZipEntry> centralDirectory(const QByteArray& zip, const std::string& file)
{
    const auto* b = reinterpret_cast<const std::byte*>(zip.constData());
    const std::size_t n = std::size_t(zip.size());
    std::size_t eocd = std::string::npos;
    for (std::size_t i = n >= 22 ? n - 22 : 0; n >= 22; --i) {
        if (le(b + i, 4) == 0x06054b50) {
            eocd = i;
            break;
        }
        if (i == 0 || n - i > 22 + 0xffff)
            break;
    }
    if (eocd == std::string::npos)
        throw FormatError(file + ": not a .npz archive (no ZIP directory found; the file may be truncated)");
    const std::uint64_t count = le(b + eocd + 10, 2), dirOffset = le(b + eocd + 16, 4);
    std::vector<ZipEntry> entries;
    std::size_t pos = dirOffset;
    for (std::uint64_t k = 0; k < count; ++k) {
        if (pos + 46 > n || le(b + pos, 4) != 0x02014b50)
            throw FormatError(file + ": ZIP directory entry " + std::to_string(k) + " is damaged");
        ZipEntry e;
        e.method = unsigned(le(b + pos + 10, 2));
        e.crc = std::uint32_t(le(b + pos + 16, 4));
        e.compressed = le(b + pos + 20, 4);
        e.size = le(b + pos + 24, 4);
        const std::size_t nameLen = le(b + pos + 28, 2), extraLen = le(b + pos + 30, 2),
                          commentLen = le(b + pos + 32, 2);
        e.localOffset = le(b + pos + 42, 4);
        if (pos + 46 + nameLen + extraLen > n)
            throw FormatError(file + ": ZIP directory entry " + std::to_string(k) + " is damaged");
        e.name.assign(reinterpret_cast<const char*>(b + pos + 46), nameLen);
        readZip64Extra(e, b + pos + 46 + nameLen, extraLen);
        entries.push_back(e);
        pos += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
}

std::vector<std::byte> entryBytes(const QByteArray& zip, const ZipEntry& e, const std::string& file)
{
    const auto* b = reinterpret_cast<const std::byte*>(zip.constData());
    const std::size_t n = std::size_t(zip.size());
    const std::string where = file + ": entry '" + e.name + "'";
    // Offsets and sizes come from the file (64-bit in zip64 entries): compare by subtraction so
    // that no sum can wrap around.
    if (n < 30 || e.localOffset > n - 30 || le(b + e.localOffset, 4) != 0x04034b50)
        throw FormatError(where + ": local header missing (the archive is truncated or damaged)");
    const std::uint64_t start = e.localOffset + 30 + le(b + e.localOffset + 26, 2) + le(b + e.localOffset + 28, 2);
    if (start > n || e.compressed > n - start)
        throw FormatError(where + ": data cut short (the archive is truncated)");
    if (e.size > e.compressed * 1100 + 4096) // deflate expands at most ~1032 times; compressed <= n here
        throw FormatError(where + ": claims " + std::to_string(e.size) + " bytes from " + std::to_string(e.compressed) +
                          " compressed ones (damaged)");
    std::vector<std::byte> out(e.size);
    if (e.method == 0) {
        if (e.compressed != e.size)
            throw FormatError(where + ": stored entry sizes disagree");
        if (e.size > 0) // an empty entry has no buffer to copy into
            std::memcpy(out.data(), b + start, e.size);
    } else if (e.method == 8) {
        z_stream z{};
        inflateInit2(&z, -MAX_WBITS);
        z.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(b + start));
        z.avail_in = uInt(e.compressed);
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = uInt(out.size());
        const int rc = inflate(&z, Z_FINISH);
        const std::uint64_t produced = z.total_out;
        inflateEnd(&z);
        if (rc != Z_STREAM_END || produced != e.size)
            throw FormatError(where + ": compressed data is damaged or cut short");
    } else {
        throw FormatError(where + ": unsupported ZIP compression method " + std::to_string(e.method) +
                          " (numpy writes stored or deflated entries)");
    }
    if (crc32(0L, reinterpret_cast<const Bytef*>(out.data()), uInt(out.size())) != e.crc)
        throw FormatError(where + ": CRC mismatch (the archive is damaged)");
    return out;
}

std::size_t descrSize(const std::string& d) { return d.size() >= 3 ? std::size_t(std::stoul(d.substr(2))) : 0; }

NpzArray parseNpy(const std::string& name, std::vector<std::byte> bytes, const std::string& file)
{
    const std::string where = file + ": array '" + name + "'";
    if (bytes.size() < 10 || std::memcmp(bytes.data(), "\x93NUMPY", 6) != 0)
        throw FormatError(where + ": not a .npy entry (missing the \\x93NUMPY magic)");
    const int major = int(bytes[6]);
    const std::size_t lenBytes = major == 1 ? 2 : 4;
    const std::size_t headerLen = le(bytes.data() + 8, int(lenBytes));
    const std::size_t dataOffset = 8 + lenBytes + headerLen;
    if (dataOffset > bytes.size())
        throw FormatError(where + ": header cut short");
    const std::string header(reinterpret_cast<const char*>(bytes.data() + 8 + lenBytes), headerLen);
    std::smatch m;
    NpzArray a;
    a.name = name;
    if (!std::regex_search(header, m, std::regex("'descr':\\s*'([<>|=][a-zA-Z][0-9]+)'")))
        throw FormatError(where + ": unsupported dtype in header " + header);
    a.descr = m[1];
    if (std::regex_search(header, m, std::regex("'fortran_order':\\s*True")))
        throw FormatError(where + ": Fortran-ordered arrays are not supported");
    if (!std::regex_search(header, m, std::regex("'shape':\\s*\\(([0-9,\\s]*)\\)")))
        throw FormatError(where + ": no shape in header");
    const std::string dims = m[1];
    const std::regex number("[0-9]+");
    for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it) {
        if (it->str().size() > 15)
            throw FormatError(where + ": dimension " + it->str() + " is too large");
        a.shape.push_back(std::size_t(std::stoull(it->str())));
    }
    if (a.descr.size() > 8)
        throw FormatError(where + ": unsupported dtype " + a.descr);
    if (a.descr[0] == '>' && descrSize(a.descr) > 1)
        throw FormatError(where + ": big-endian dtype " + a.descr + " is not supported");
    std::size_t need = descrSize(a.descr) * (a.descr[1] == 'U' ? 4 : 1);
    for (std::size_t d : a.shape)
        if (__builtin_mul_overflow(need, d, &need))
            throw FormatError(where + ": shape too large");
    if (bytes.size() - dataOffset < need)
        throw FormatError(where + ": holds " + std::to_string(bytes.size() - dataOffset) +
                          " bytes of data, its shape needs " + std::to_string(need));
    a.data.assign(bytes.begin() + std::ptrdiff_t(dataOffset), bytes.begin() + std::ptrdiff_t(dataOffset + need));
    return a;
}

template <typename T> void appendAll(std::vector<double>& out, const std::vector<std::byte>& data)
{
    const std::size_t n = data.size() / sizeof(T);
    for (std::size_t i = 0; i < n; ++i) {
        T v;
        std::memcpy(&v, data.data() + i * sizeof(T), sizeof(T));
        out.push_back(double(v));
    }
}

} // namespace

std::size_t NpzArray::count() const
{
    std::size_t n = 1;
    for (std::size_t d : shape)
        n *= d; // checked against the data size when read
    return n;
}

bool NpzArray::isNumeric() const { return std::string("biuf").find(descr[1]) != std::string::npos; }

std::vector<double> NpzArray::toDoubles(const std::string& file) const
{
    std::vector<double> out;
    out.reserve(count());
    const std::string kind = descr.substr(1);
    if (kind == "f4")
        appendAll<float>(out, data);
    else if (kind == "f8")
        appendAll<double>(out, data);
    else if (kind == "b1" || kind == "u1")
        appendAll<std::uint8_t>(out, data);
    else if (kind == "i1")
        appendAll<std::int8_t>(out, data);
    else if (kind == "u2")
        appendAll<std::uint16_t>(out, data);
    else if (kind == "i2")
        appendAll<std::int16_t>(out, data);
    else if (kind == "u4")
        appendAll<std::uint32_t>(out, data);
    else if (kind == "i4")
        appendAll<std::int32_t>(out, data);
    else if (kind == "i8")
        appendAll<std::int64_t>(out, data);
    else if (kind == "u8")
        appendAll<std::uint64_t>(out, data);
    else
        throw FormatError(file + ": array '" + name + "' has dtype " + descr + ", expected numbers");
    return out;
}

std::string NpzArray::toText(const std::string& file) const
{
    if (count() != 1 || (descr[1] != 'U' && descr[1] != 'S'))
        throw FormatError(file + ": array '" + name + "' should be one string, found dtype " + descr);
    std::string text;
    if (descr[1] == 'S') {
        text.assign(reinterpret_cast<const char*>(data.data()), data.size());
    } else {
        for (std::size_t i = 0; i + 4 <= data.size(); i += 4) {
            const char32_t c = char32_t(le(data.data() + i, 4));
            if (c > 0 && c < 128)
                text += char(c);
            else if (c != 0)
                text += '?';
        }
    }
    return text.substr(0, text.find('\0'));
}

std::vector<NpzArray> readNpz(const std::filesystem::path& path)
{
    const std::string file = path.string();
    QFile f(QString::fromStdString(file));
    if (!f.open(QIODevice::ReadOnly))
        throw IoError(file + ": cannot open: " + f.errorString().toStdString());
    const QByteArray zip = f.readAll();
    std::vector<NpzArray> arrays;
    for (const ZipEntry& e : centralDirectory(zip, file)) {
        std::string name = e.name;
        if (name.size() > 4 && name.ends_with(".npy"))
            name.resize(name.size() - 4);
        arrays.push_back(parseNpy(name, entryBytes(zip, e, file), file));
    }
    return arrays;
}

const NpzArray& npzEntry(const std::vector<NpzArray>& arrays, const std::string& name, const std::string& file)
{
    std::string present;
    for (const NpzArray& a : arrays) {
        if (a.name == name)
            return a;
        present += (present.empty() ? "" : ", ") + a.name;
    }
    throw FormatError(file + ": no array '" + name + "' (it holds: " + (present.empty() ? "nothing" : present) + ")");
}

} // namespace insolepose::interchange
