#include "insolepose/Npy.h"

#include "insolepose/Error.h"

#include <QSaveFile>
#include <QString>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace insolepose {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicLen = 6;

std::string fileLabel(const std::string& fileName) { return fileName.empty() ? "npy" : fileName; }

std::string shapeText(const std::vector<std::size_t>& shape)
{
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        s += std::to_string(shape[i]);
        if (shape.size() == 1 || i + 1 < shape.size())
            s += ",";
        if (i + 1 < shape.size())
            s += " ";
    }
    return s + ")";
}

std::string errnoText() { return std::strerror(errno); }

void writeAll(int fd, const void* data, std::size_t size, const std::filesystem::path& path)
{
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw IoError(path.string() + ": write failed: " + errnoText());
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
}

void pwriteAll(int fd, const std::string& bytes, off_t offset, const std::filesystem::path& path)
{
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, offset + static_cast<off_t>(done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw IoError(path.string() + ": header update failed: " + errnoText());
        }
        done += static_cast<std::size_t>(n);
    }
}

} // namespace

std::size_t dtypeSize(DType t)
{
    switch (t) {
    case DType::U8: return 1;
    case DType::U16: return 2;
    case DType::U32: return 4;
    case DType::I64: return 8;
    case DType::F32: return 4;
    case DType::F64: return 8;
    }
    return 1;
}

std::string dtypeDescr(DType t)
{
    switch (t) {
    case DType::U8: return "|u1";
    case DType::U16: return "<u2";
    case DType::U32: return "<u4";
    case DType::I64: return "<i8";
    case DType::F32: return "<f4";
    case DType::F64: return "<f8";
    }
    return "|u1";
}

const char* dtypeName(DType t)
{
    switch (t) {
    case DType::U8: return "uint8";
    case DType::U16: return "uint16";
    case DType::U32: return "uint32";
    case DType::I64: return "int64";
    case DType::F32: return "float32";
    case DType::F64: return "float64";
    }
    return "?";
}

std::size_t NpyHeader::rowBytes() const
{
    std::size_t n = dtypeSize(dtype);
    for (std::size_t i = 1; i < shape.size(); ++i)
        n *= shape[i];
    return n;
}

NpyHeader parseNpyHeader(std::span<const std::byte> bytes, const std::string& fileName)
{
    const std::string f = fileLabel(fileName);
    if (bytes.size() < 10 || std::memcmp(bytes.data(), kMagic, kMagicLen) != 0)
        throw FormatError(f + ": not a .npy file (missing the \\x93NUMPY magic)");
    const auto u8 = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[i]); };
    const int major = u8(6);
    std::size_t headerLen = 0;
    std::size_t prefix = 0;
    if (major == 1) {
        headerLen = u8(8) | (std::size_t(u8(9)) << 8);
        prefix = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12)
            throw FormatError(f + ": truncated .npy header");
        headerLen = u8(8) | (std::size_t(u8(9)) << 8) | (std::size_t(u8(10)) << 16) | (std::size_t(u8(11)) << 24);
        prefix = 12;
    } else {
        throw FormatError(f + ": unsupported .npy format version " + std::to_string(major));
    }
    if (prefix + headerLen > bytes.size())
        throw FormatError(f + ": truncated .npy header (needs " + std::to_string(prefix + headerLen) +
                          " bytes, file has " + std::to_string(bytes.size()) + ")");
    const std::string dict(reinterpret_cast<const char*>(bytes.data()) + prefix, headerLen);

    auto valueAfter = [&](const char* key) -> std::size_t {
        const std::size_t k = dict.find(std::string("'") + key + "'");
        if (k == std::string::npos)
            throw FormatError(f + ": .npy header has no '" + key + "' entry");
        const std::size_t colon = dict.find(':', k);
        if (colon == std::string::npos)
            throw FormatError(f + ": malformed .npy header near '" + key + "'");
        const std::size_t value = dict.find_first_not_of(' ', colon + 1);
        if (value == std::string::npos)
            throw FormatError(f + ": .npy header has no value for '" + key + "'");
        return value;
    };

    NpyHeader h;
    h.dataOffset = prefix + headerLen;
    std::size_t p = valueAfter("descr");
    if (p == std::string::npos || (dict[p] != '\'' && dict[p] != '"'))
        throw FormatError(f + ": malformed 'descr' in .npy header");
    const std::size_t q = dict.find(dict[p], p + 1);
    const std::string descr = dict.substr(p + 1, q - p - 1);
    if (descr == "|u1" || descr == "<u1")
        h.dtype = DType::U8;
    else if (descr == "<u2")
        h.dtype = DType::U16;
    else if (descr == "<u4")
        h.dtype = DType::U32;
    else if (descr == "<i8")
        h.dtype = DType::I64;
    else if (descr == "<f4")
        h.dtype = DType::F32;
    else if (descr == "<f8")
        h.dtype = DType::F64;
    else
        throw FormatError(f + ": unsupported dtype '" + descr + "'");

    p = valueAfter("fortran_order");
    if (dict.compare(p, 4, "True") == 0)
        throw FormatError(f + ": Fortran-ordered arrays are not supported (save with C order)");
    if (dict.compare(p, 5, "False") != 0)
        throw FormatError(f + ": malformed 'fortran_order' in .npy header");

    p = valueAfter("shape");
    if (p == std::string::npos || dict[p] != '(')
        throw FormatError(f + ": malformed 'shape' in .npy header");
    const std::size_t close = dict.find(')', p);
    if (close == std::string::npos)
        throw FormatError(f + ": malformed 'shape' in .npy header");
    std::string inner = dict.substr(p + 1, close - p - 1);
    std::size_t pos = 0;
    while (pos < inner.size()) {
        const std::size_t comma = inner.find(',', pos);
        std::string item = inner.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(" L") + 1);
        if (!item.empty()) {
            if (item.find_first_not_of("0123456789") != std::string::npos)
                throw FormatError(f + ": invalid dimension '" + item + "' in .npy shape");
            std::size_t dim = 0;
            const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), dim);
            if (ec != std::errc() || end != item.data() + item.size())
                throw FormatError(f + ": dimension '" + item + "' in .npy shape is too large");
            h.shape.push_back(dim);
        }
        if (comma == std::string::npos)
            break;
        pos = comma + 1;
    }
    if (h.shape.empty())
        throw FormatError(f + ": 0-d arrays are not supported here");
    // The size of a row (and of the whole array) must fit in 64 bits: a reader trusts it.
    std::size_t row = dtypeSize(h.dtype), total = 0;
    bool overflows = false;
    for (std::size_t i = 1; i < h.shape.size(); ++i)
        overflows |= __builtin_mul_overflow(row, h.shape[i], &row);
    overflows |= __builtin_mul_overflow(row, h.shape[0], &total);
    if (overflows)
        throw FormatError(f + ": .npy shape " + shapeText(h.shape) + " is too large (its byte size overflows)");
    return h;
}

std::string makeNpyHeader(DType dtype, const std::vector<std::size_t>& shape, std::size_t totalBytes)
{
    return makeNpyHeader(dtypeDescr(dtype), shape, totalBytes);
}

std::string makeNpyHeader(const std::string& descr, const std::vector<std::size_t>& shape, std::size_t totalBytes)
{
    std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
    std::size_t total = std::max<std::size_t>(totalBytes, 64);
    while (10 + dict.size() + 1 > total)
        total += 64;
    dict.append(total - 10 - dict.size() - 1, ' ');
    dict += '\n';
    std::string out(kMagic, kMagicLen);
    out += char(1);
    out += char(0);
    const std::size_t len = dict.size();
    out += char(len & 0xff);
    out += char((len >> 8) & 0xff);
    return out + dict;
}

// ---------------------------------------------------------------------------------------------
struct NpyArray::Impl {
    std::filesystem::path path;
    NpyHeader header;
    void* map = nullptr;
    std::size_t mapSize = 0;
    std::size_t rows = 0;

    ~Impl()
    {
        if (map)
            ::munmap(map, mapSize);
    }
};

NpyArray::NpyArray() : d(std::make_unique<Impl>()) {}
NpyArray::~NpyArray() = default;
NpyArray::NpyArray(NpyArray&&) noexcept = default;
NpyArray& NpyArray::operator=(NpyArray&&) noexcept = default;

NpyArray NpyArray::open(const std::filesystem::path& path, std::string* warning)
{
    const std::string name = path.filename().string();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw IoError(path.string() + ": cannot open: " + errnoText());
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        throw IoError(path.string() + ": cannot stat: " + errnoText());
    }
    NpyArray a;
    a.d->path = path;
    a.d->mapSize = static_cast<std::size_t>(st.st_size);
    if (a.d->mapSize == 0) {
        ::close(fd);
        throw FormatError(name + ": empty file");
    }
    a.d->map = ::mmap(nullptr, a.d->mapSize, PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (a.d->map == MAP_FAILED) {
        a.d->map = nullptr;
        throw IoError(path.string() + ": cannot map: " + errnoText());
    }
    a.d->header = parseNpyHeader({static_cast<const std::byte*>(a.d->map), a.d->mapSize}, name);
    const std::size_t rowBytes = a.d->header.rowBytes();
    const std::size_t claimed = a.d->header.shape[0];
    const std::size_t payload = a.d->mapSize - a.d->header.dataOffset;
    const std::size_t present = rowBytes ? payload / rowBytes : claimed;
    a.d->rows = present;
    if (rowBytes && present != claimed && warning) {
        if (present < claimed)
            *warning = name + ": file holds " + std::to_string(present) + " complete rows but its header claims " +
                       std::to_string(claimed) + " (truncated); using the " + std::to_string(present) + " present";
        else
            *warning = name + ": header claims " + std::to_string(claimed) + " rows but " + std::to_string(present) +
                       " complete rows follow (header not updated before a stop); recovered them";
    } else if (rowBytes && payload % rowBytes != 0 && warning) {
        *warning = name + ": ignored a partial row of " + std::to_string(payload % rowBytes) + " bytes at the end";
    }
    return a;
}

const std::filesystem::path& NpyArray::path() const { return d->path; }
const NpyHeader& NpyArray::header() const { return d->header; }
std::size_t NpyArray::rows() const { return d->rows; }
std::size_t NpyArray::headerRows() const { return d->header.shape.empty() ? 0 : d->header.shape[0]; }
std::span<const std::size_t> NpyArray::rowShape() const
{
    return std::span<const std::size_t>(d->header.shape).subspan(1);
}

const std::byte* NpyArray::rowData(std::size_t row) const
{
    return static_cast<const std::byte*>(d->map) + d->header.dataOffset + row * rowBytes();
}

void NpyArray::expect(DType dtype, const std::vector<std::size_t>& rowShape) const
{
    const std::string name = d->path.filename().string();
    if (d->header.dtype != dtype)
        throw FormatError(name + ": expected dtype " + dtypeName(dtype) + ", found " + dtypeName(d->header.dtype));
    const auto have = this->rowShape();
    bool ok = have.size() == rowShape.size();
    for (std::size_t i = 0; ok && i < have.size(); ++i)
        ok = rowShape[i] == 0 || rowShape[i] == have[i];
    if (!ok) {
        std::vector<std::size_t> want{0};
        want.insert(want.end(), rowShape.begin(), rowShape.end());
        std::string w = shapeText(want);
        w.replace(1, 1, "T");
        throw FormatError(name + ": expected shape " + w + ", found " + shapeText(d->header.shape));
    }
}

// ---------------------------------------------------------------------------------------------
NpyAppender::NpyAppender(const std::filesystem::path& path, DType dtype, std::vector<std::size_t> rowShape)
    : m_path(path), m_dtype(dtype), m_rowShape(std::move(rowShape))
{
    m_rowBytes = dtypeSize(dtype);
    for (std::size_t s : m_rowShape)
        m_rowBytes *= s;
    m_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0)
        throw IoError(path.string() + ": cannot create: " + errnoText());
    std::vector<std::size_t> shape{0};
    shape.insert(shape.end(), m_rowShape.begin(), m_rowShape.end());
    const std::string header = makeNpyHeader(m_dtype, shape);
    writeAll(m_fd, header.data(), header.size(), m_path);
}

NpyAppender::~NpyAppender()
{
    try {
        close();
    } catch (...) {
        // Destructors never throw; close() explicitly to see errors.
    }
}

void NpyAppender::append(const void* rows, std::size_t rowCount)
{
    if (m_fd < 0)
        throw IoError(m_path.string() + ": append after close");
    const auto* p = static_cast<const std::byte*>(rows);
    m_pending.insert(m_pending.end(), p, p + rowCount * m_rowBytes);
    m_rows += rowCount;
}

void NpyAppender::flush()
{
    if (m_fd < 0 || m_flushedRows == m_rows)
        return;
    writeAll(m_fd, m_pending.data(), m_pending.size(), m_path);
    m_pending.clear();
    std::vector<std::size_t> shape{m_rows};
    shape.insert(shape.end(), m_rowShape.begin(), m_rowShape.end());
    pwriteAll(m_fd, makeNpyHeader(m_dtype, shape), 0, m_path);
    m_flushedRows = m_rows;
}

void NpyAppender::close()
{
    if (m_fd < 0)
        return;
    flush();
    ::close(m_fd);
    m_fd = -1;
}

// ---------------------------------------------------------------------------------------------
void writeNpy(const std::filesystem::path& path, DType dtype, const std::vector<std::size_t>& shape, const void* data)
{
    QSaveFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::WriteOnly))
        throw IoError(path.string() + ": cannot write: " + file.errorString().toStdString());
    const std::string header = makeNpyHeader(dtype, shape);
    std::size_t bytes = dtypeSize(dtype);
    for (std::size_t s : shape)
        bytes *= s;
    file.write(header.data(), static_cast<qint64>(header.size()));
    if (bytes)
        file.write(static_cast<const char*>(data), static_cast<qint64>(bytes));
    if (!file.commit())
        throw IoError(path.string() + ": cannot write: " + file.errorString().toStdString());
}

void setNpyRowCount(const std::filesystem::path& path, std::size_t rows)
{
    NpyHeader h;
    {
        const NpyArray a = NpyArray::open(path);
        h = a.header();
    }
    h.shape[0] = rows;
    const std::string header = makeNpyHeader(h.dtype, h.shape, h.dataOffset);
    if (header.size() != h.dataOffset)
        throw FormatError(path.filename().string() + ": the new row count does not fit the existing header");
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0)
        throw IoError(path.string() + ": cannot open for repair: " + errnoText());
    try {
        pwriteAll(fd, header, 0, path);
        if (::ftruncate(fd, static_cast<off_t>(h.dataOffset + rows * h.rowBytes())) != 0)
            throw IoError(path.string() + ": cannot truncate: " + errnoText());
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
}

} // namespace insolepose
