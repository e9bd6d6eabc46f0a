#include "insolepose/devices/InsoleWire.h"

#include "insolepose/Error.h"

#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace insolepose::devices {
namespace {

void putReadings(QByteArray& out, const BoardMatrix& m)
{
    for (std::uint16_t v : m) {
        const std::uint16_t clipped = std::min<std::uint16_t>(v, kAdcMax);
        out.append(char((clipped >> 6) + kWireOffset));
        out.append(char((clipped & 63) + kWireOffset));
    }
}

} // namespace

QByteArray encodeWifiFrame(int matrixIndex, int senderId, const BoardMatrix& readings)
{
    QByteArray out;
    out.reserve(kWifiFrameBytes);
    out.append(char(matrixIndex % kMatrixIndexWrap + kWireOffset));
    out.append(char(senderId + kWireOffset));
    putReadings(out, readings);
    out.append('\n');
    return out;
}

QByteArray encodeSerialFrame(int matrixIndex, const BoardMatrix& readings)
{
    QByteArray out;
    out.reserve(kSerialFrameBytes);
    out.append(char(matrixIndex % kMatrixIndexWrap + kWireOffset));
    putReadings(out, readings);
    out.append('\n');
    return out;
}

void FrameDecoder::feed(std::span<const char> bytes)
{
    if (m_start > 0 && m_start >= m_buffer.size() / 2) {
        m_buffer.erase(m_buffer.begin(), m_buffer.begin() + std::ptrdiff_t(m_start));
        if (m_skipping)
            m_skipFrom -= m_start;
        m_start = 0;
    }
    m_buffer.insert(m_buffer.end(), reinterpret_cast<const std::uint8_t*>(bytes.data()),
                    reinterpret_cast<const std::uint8_t*>(bytes.data()) + bytes.size());
    trimOverlongTail();
}

void FrameDecoder::trimOverlongTail()
{
    // A frame is the last bodyBytes bytes before a boundary, so of the bytes after the last
    // boundary only the newest bodyBytes can still become part of one: drop the older ones now
    // (memory stays bounded) and remember that this line lost its front.
    const std::size_t bodyBytes = (m_kind == Kind::Wifi ? kWifiFrameBytes : kSerialFrameBytes) - 1;
    const auto lastNl = std::find(m_buffer.rbegin(), m_buffer.rend() - std::ptrdiff_t(m_start), std::uint8_t('\n'));
    const std::size_t tailStart = lastNl == m_buffer.rend() - std::ptrdiff_t(m_start)
                                      ? m_start
                                      : static_cast<std::size_t>(m_buffer.rend() - lastNl);
    const std::size_t tail = m_buffer.size() - tailStart;
    if (tail <= bodyBytes)
        return;
    const std::size_t drop = tail - bodyBytes;
    m_discarded += drop;
    if (!(m_skipping && m_skipFrom == tailStart)) {
        ++m_resyncs;
        m_skipping = true;
        m_skipFrom = tailStart;
    }
    m_buffer.erase(m_buffer.begin() + std::ptrdiff_t(tailStart), m_buffer.begin() + std::ptrdiff_t(tailStart + drop));
}

bool FrameDecoder::parse(std::span<const std::uint8_t> body, WireFrame& out) const
{
    std::size_t p = 0;
    auto field = [&](std::uint8_t b, int max) -> int {
        const int v = int(b) - kWireOffset;
        return (v < 0 || v > max) ? -1 : v;
    };
    out.matrixIndex = field(body[p++], kMatrixIndexWrap - 1);
    if (out.matrixIndex < 0)
        return false;
    if (m_kind == Kind::Wifi) {
        out.senderId = field(body[p++], 255);
        if (out.senderId != 1 && out.senderId != 2)
            return false;
    } else {
        out.senderId = 0;
    }
    for (int i = 0; i < kBoardCells; ++i) {
        const int hi = field(body[p++], 63);
        const int lo = field(body[p++], 63);
        if (hi < 0 || lo < 0)
            return false;
        out.readings[std::size_t(i)] = std::uint16_t(hi * 64 + lo);
    }
    return true;
}

std::optional<WireFrame> FrameDecoder::next()
{
    const std::size_t bodyBytes = (m_kind == Kind::Wifi ? kWifiFrameBytes : kSerialFrameBytes) - 1;
    for (;;) {
        const auto begin = m_buffer.begin() + std::ptrdiff_t(m_start);
        const auto nl = std::find(begin, m_buffer.end(), std::uint8_t('\n'));
        if (nl == m_buffer.end())
            return std::nullopt;
        const auto length = static_cast<std::size_t>(nl - begin);
        const bool alreadyCounted = m_skipping && m_skipFrom == m_start; // its front was dropped in feed()
        if (alreadyCounted)
            m_skipping = false;
        m_start += length + 1;
        // A complete frame is the last bodyBytes bytes before the boundary, whatever came before
        // them (a frame cut short by a board reset, line noise): recover it and skip the rest.
        WireFrame frame;
        if (length >= bodyBytes && parse({&*(nl - std::ptrdiff_t(bodyBytes)), bodyBytes}, frame)) {
            if (length > bodyBytes) {
                m_discarded += length - bodyBytes;
                if (!alreadyCounted)
                    ++m_resyncs;
            }
            ++m_frames;
            return frame;
        }
        // Nothing but garbage (or a damaged frame) up to this boundary: skip it.
        m_discarded += length + 1;
        if (!alreadyCounted)
            ++m_resyncs;
    }
}

std::uint32_t SequenceTracker::update(int index)
{
    if (!m_started) {
        m_started = true;
        m_lastIndex = index;
        m_sequence = std::uint32_t(index);
        return m_sequence;
    }
    const int delta = ((index - m_lastIndex) % kMatrixIndexWrap + kMatrixIndexWrap) % kMatrixIndexWrap;
    m_lastIndex = index;
    if (delta == 0) // a repeat: treat as the next frame rather than a full wrap of losses
        return ++m_sequence;
    m_lost += std::uint64_t(delta - 1);
    m_sequence += std::uint32_t(delta);
    return m_sequence;
}

InsoleMapping InsoleMapping::forSize(InsoleSize size)
{
    InsoleMapping m;
    m.grid = sourceGrid(size);
    m.firstRow = 1;
    m.firstCol = 5;
    return m;
}

std::vector<std::uint16_t> InsoleMapping::toModelGrid(const BoardMatrix& m) const
{
    if (firstRow < 0 || firstCol < 0 || firstRow + grid.rows > kBoardRows || firstCol + grid.cols > kBoardCols)
        throw FormatError("insole mapping: rows " + std::to_string(firstRow) + ".." +
                          std::to_string(firstRow + grid.rows) + ", columns " + std::to_string(firstCol) + ".." +
                          std::to_string(firstCol + grid.cols) + " do not fit the 32 x 32 board matrix");
    std::vector<std::uint16_t> cells(static_cast<std::size_t>(grid.cellCount()));
    for (int r = 0; r < grid.rows; ++r)
        for (int c = 0; c < grid.cols; ++c) {
            const int bc = flipHorizontal ? firstCol + grid.cols - 1 - c : firstCol + c;
            cells[std::size_t(r * grid.cols + c)] = m[std::size_t((firstRow + r) * kBoardCols + bc)];
        }
    return insolepose::toModelGrid(cells, grid);
}

BoardMatrix InsoleMapping::toBoard(std::span<const std::uint16_t> modelGrid, std::uint16_t fill) const
{
    BoardMatrix m;
    m.fill(fill);
    for (int r = 0; r < grid.rows; ++r)
        for (int c = 0; c < grid.cols; ++c) {
            const int bc = flipHorizontal ? firstCol + grid.cols - 1 - c : firstCol + c;
            m[std::size_t((firstRow + r) * kBoardCols + bc)] = modelGrid[std::size_t(r * kModelGrid.cols + c)];
        }
    return m;
}

QJsonObject InsoleMapping::toJson() const
{
    return QJsonObject{{"rows", grid.rows},
                       {"cols", grid.cols},
                       {"first_row", firstRow},
                       {"first_col", firstCol},
                       {"flip_horizontal", flipHorizontal}};
}

InsoleMapping InsoleMapping::fromJson(const QJsonObject& json)
{
    InsoleMapping m;
    m.grid = {json["rows"].toInt(30), json["cols"].toInt(22)};
    m.firstRow = json["first_row"].toInt(1);
    m.firstCol = json["first_col"].toInt(5);
    m.flipHorizontal = json["flip_horizontal"].toBool(true);
    BoardMatrix probe{};
    m.toModelGrid(probe); // validates
    return m;
}

void UdpLayout::validate() const
{
    auto bad = [](const std::string& why) { throw FormatError("UDP layout: " + why); };
    if (totalWords <= 0 || totalWords > 8192)
        bad("total_words must be 1..8192");
    if (grid.rows <= 0 || grid.cols <= 0 || grid.rows > kModelGrid.rows || grid.cols > kModelGrid.cols)
        bad("grid must fit 30 x 22");
    // In 64 bits: word indices come from a JSON file and must not wrap around.
    const std::int64_t data = dataWord, end = data + grid.cellCount(), total = totalWords;
    if (dataWord < 0 || end > total)
        bad("the readings (words " + std::to_string(data) + ".." + std::to_string(end) + ") do not fit " +
            std::to_string(total) + " words");
    auto overlaps = [&](std::int64_t w, std::int64_t n) { return w < end && w + n > data; };
    const std::int64_t sequence = sequenceWord, foot = footWord;
    if (sequence >= 0 && (sequence + 2 > total || overlaps(sequence, 2)))
        bad("sequence_word overlaps the readings or the end");
    if (foot >= 0 && (foot >= total || overlaps(foot, 1)))
        bad("foot_word overlaps the readings or the end");
    if (sequence >= 0 && foot >= 0 && foot >= sequence && foot < sequence + 2)
        bad("foot_word overlaps sequence_word");
}

QJsonObject UdpLayout::toJson() const
{
    return QJsonObject{{"total_words", totalWords}, {"sequence_word", sequenceWord},
                       {"foot_word", footWord},     {"fixed_foot", QString::fromUtf8(footName(fixedFoot).data())},
                       {"data_word", dataWord},     {"rows", grid.rows},
                       {"cols", grid.cols}};
}

UdpLayout UdpLayout::fromJson(const QJsonObject& json)
{
    UdpLayout l;
    l.totalWords = json["total_words"].toInt(l.totalWords);
    l.sequenceWord = json["sequence_word"].toInt(l.sequenceWord);
    l.footWord = json["foot_word"].toInt(l.footWord);
    l.fixedFoot = json["fixed_foot"].toString() == "right" ? Foot::Right : Foot::Left;
    l.dataWord = json["data_word"].toInt(l.dataWord);
    l.grid = {json["rows"].toInt(30), json["cols"].toInt(22)};
    l.validate();
    return l;
}

std::optional<UdpFrame> decodeUdp(std::span<const char> datagram, const UdpLayout& layout)
{
    if (datagram.size() != std::size_t(layout.totalWords) * 2)
        return std::nullopt;
    auto word = [&](int i) { return qFromLittleEndian<std::uint16_t>(datagram.data() + 2 * i); };
    UdpFrame f;
    if (layout.footWord >= 0) {
        const int foot = word(layout.footWord);
        if (foot > 1)
            return std::nullopt;
        f.foot = Foot(foot);
    } else {
        f.foot = layout.fixedFoot;
    }
    if (layout.sequenceWord >= 0)
        f.sequence = std::uint32_t(word(layout.sequenceWord)) | (std::uint32_t(word(layout.sequenceWord + 1)) << 16);
    f.readings.resize(std::size_t(layout.grid.cellCount()));
    for (int i = 0; i < layout.grid.cellCount(); ++i) {
        const std::uint16_t v = word(layout.dataWord + i);
        if (v > kAdcMax)
            return std::nullopt;
        f.readings[std::size_t(i)] = v;
    }
    return f;
}

QByteArray encodeUdp(const UdpFrame& frame, const UdpLayout& layout)
{
    QByteArray out(layout.totalWords * 2, '\0');
    auto put = [&](int i, std::uint16_t v) { qToLittleEndian<std::uint16_t>(v, out.data() + 2 * i); };
    if (layout.footWord >= 0)
        put(layout.footWord, std::uint16_t(frame.foot));
    if (layout.sequenceWord >= 0 && frame.sequence) {
        put(layout.sequenceWord, std::uint16_t(*frame.sequence & 0xffff));
        put(layout.sequenceWord + 1, std::uint16_t(*frame.sequence >> 16));
    }
    for (int i = 0; i < layout.grid.cellCount() && std::size_t(i) < frame.readings.size(); ++i)
        put(layout.dataWord + i, frame.readings[std::size_t(i)]);
    return out;
}

} // namespace insolepose::devices
