#include "insolepose/Session.h"

#include "insolepose/Error.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace insolepose {

// --- metadata ----------------------------------------------------------------------------------
TimeNs SessionMetadata::syncOffset(const std::string& stream) const
{
    for (const auto& [name, offset] : syncOffsets_ns)
        if (name == stream)
            return offset;
    return 0;
}

QJsonObject SessionMetadata::toJson() const
{
    QJsonObject insolesJson;
    for (Foot f : kFeet) {
        const auto& info = insoles[f];
        insolesJson[QString::fromUtf8(footName(f).data())] = QJsonObject{
            {"size", QString::fromUtf8(insoleSizeName(info.size).data())}, {"calibration", info.calibration.toJson()}};
    }
    QJsonObject offsets;
    for (const auto& [name, offset] : syncOffsets_ns)
        offsets[QString::fromStdString(name)] = QString::number(offset);
    return QJsonObject{{"id", QString::fromStdString(id)},
                       {"subject_id", QString::fromStdString(subjectId)},
                       {"created_utc", QString::fromStdString(createdUtc)},
                       {"app_version", QString::fromStdString(appVersion)},
                       {"notes", QString::fromStdString(notes)},
                       {"insoles", insolesJson},
                       {"sync_offsets_ns", offsets}};
}

SessionMetadata SessionMetadata::fromJson(const QJsonObject& json)
{
    SessionMetadata m;
    m.id = json["id"].toString().toStdString();
    m.subjectId = json["subject_id"].toString().toStdString();
    m.createdUtc = json["created_utc"].toString().toStdString();
    m.appVersion = json["app_version"].toString().toStdString();
    m.notes = json["notes"].toString().toStdString();
    const QJsonObject insolesJson = json["insoles"].toObject();
    for (Foot f : kFeet) {
        const QJsonObject o = insolesJson[QString::fromUtf8(footName(f).data())].toObject();
        auto& info = m.insoles[f];
        try {
            if (o.contains("size"))
                info.size = parseInsoleSize(o["size"].toString().toStdString());
            if (o.contains("calibration"))
                info.calibration = Calibration::fromJson(o["calibration"].toObject());
        } catch (const Error& e) {
            throw FormatError("session.json: insoles." + std::string(footName(f)) + ": " + e.what());
        }
    }
    if (json.contains("sync_offsets_ns") && !json["sync_offsets_ns"].isObject())
        throw FormatError("session.json: sync_offsets_ns is not an object of stream name to nanoseconds");
    const QJsonObject offsets = json["sync_offsets_ns"].toObject();
    for (auto it = offsets.begin(); it != offsets.end(); ++it) {
        const std::string field = "session.json: sync_offsets_ns." + it.key().toStdString();
        bool ok = false;
        TimeNs v = 0;
        if (it.value().isString()) {
            v = it.value().toString().toLongLong(&ok);
        } else if (it.value().isDouble()) {
            const double d = it.value().toDouble();
            ok = std::isfinite(d) && d == std::floor(d);
            // Clamped before the cast (a double beyond int64 must not be cast); the range check
            // below rejects it with its value.
            if (ok)
                v = static_cast<TimeNs>(
                    std::clamp(d, -2.0 * double(kMaxSyncOffset_ns), 2.0 * double(kMaxSyncOffset_ns)));
        }
        if (!ok)
            throw FormatError(field + " is not an integer number of nanoseconds (write it as a decimal string)");
        if (v > kMaxSyncOffset_ns || v < -kMaxSyncOffset_ns)
            throw FormatError(field + " is " + it.value().toVariant().toString().toStdString() +
                              " ns, beyond the +-1e6 s (" + std::to_string(kMaxSyncOffset_ns) +
                              " ns) a sync offset may be");
        m.syncOffsets_ns.emplace_back(it.key().toStdString(), v);
    }
    return m;
}

// --- streams -------------------------------------------------------------------------------------
SampleStream::SampleStream(std::string name, NpyArray data, NpyArray times, std::size_t rows, TimeNs offset_ns)
    : m_name(std::move(name)), m_data(std::move(data)), m_times(std::move(times)), m_offset_ns(offset_ns)
{
    m_index = TimeIndex(m_times.values<TimeNs>().first(rows));
}

TactileStream::TactileStream(Foot foot, SampleStream samples, std::optional<NpyArray> deviceTimes,
                             std::optional<NpyArray> sequence)
    : m_foot(foot), m_samples(std::move(samples)), m_deviceTimes(std::move(deviceTimes)),
      m_sequence(std::move(sequence))
{}

std::span<const std::uint16_t> TactileStream::raw(std::size_t i) const
{
    return {reinterpret_cast<const std::uint16_t*>(m_samples.rowData(i)),
            static_cast<std::size_t>(kModelGrid.cellCount())};
}

TimeNs TactileStream::deviceTimeAt(std::size_t i) const
{
    if (!m_deviceTimes)
        return 0;
    TimeNs t;
    std::memcpy(&t, m_deviceTimes->rowData(m_samples.row(i)), sizeof t);
    return t;
}

std::uint32_t TactileStream::sequenceAt(std::size_t i) const
{
    if (!m_sequence)
        return static_cast<std::uint32_t>(m_samples.row(i));
    std::uint32_t s;
    std::memcpy(&s, m_sequence->rowData(m_samples.row(i)), sizeof s);
    return s;
}

KeypointStream::KeypointStream(SampleStream samples) : m_samples(std::move(samples))
{
    const std::size_t n = m_samples.size();
    for (std::size_t row = 0; row < n; ++row) {
        const auto* v = reinterpret_cast<const float*>(m_samples.data().rowData(row));
        bool ok = true;
        for (std::size_t k = 0; k < kKeypointCount * 3; ++k)
            ok &= std::abs(v[k]) <= std::numeric_limits<float>::max();
        if (!ok) {
            if (m_invalidRows.empty())
                m_invalidRows.assign(n, 0);
            m_invalidRows[row] = 1;
            ++m_invalidCount;
        }
    }
}

Pose KeypointStream::pose(std::size_t i) const
{
    const auto* v = reinterpret_cast<const float*>(m_samples.rowData(i));
    Pose p;
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        p[k] = Eigen::Vector3f(v[3 * k], v[3 * k + 1], v[3 * k + 2]);
    return p;
}

bool KeypointStream::isValid(std::size_t i) const { return m_invalidRows.empty() || !m_invalidRows[m_samples.row(i)]; }

// --- session -------------------------------------------------------------------------------------
const KeypointStream* Session::prediction(const std::string& model) const
{
    for (const auto& p : m_predictions)
        if (p.name() == model)
            return &p;
    return nullptr;
}

bool Session::setSyncOffset(const std::string& stream, TimeNs offset_ns)
{
    SampleStream* target = nullptr;
    for (Foot f : kFeet)
        if (stream == "tactile_" + std::string(footName(f)))
            target = &m_tactile[f].samples();
    if (stream == "keypoints_gt")
        target = &m_groundTruth.samples();
    for (KeypointStream& p : m_predictions)
        if (stream == p.name())
            target = &p.samples();
    for (CameraStream& c : m_cameras)
        if (stream == "camera_" + c.name)
            target = &c.frames;
    if (!target)
        return false;
    target->setOffset_ns(offset_ns);
    std::erase_if(m_metadata.syncOffsets_ns, [&](const auto& p) { return p.first == stream; });
    m_metadata.syncOffsets_ns.emplace_back(stream, offset_ns);
    return true;
}

std::pair<TimeNs, TimeNs> Session::timeRange() const
{
    TimeNs lo = std::numeric_limits<TimeNs>::max();
    TimeNs hi = std::numeric_limits<TimeNs>::min();
    auto take = [&](const SampleStream& s) {
        if (s.empty())
            return;
        lo = std::min(lo, s.timeAt(0));
        hi = std::max(hi, s.timeAt(s.size() - 1));
    };
    for (const auto& t : m_tactile)
        take(t.samples());
    take(m_groundTruth.samples());
    for (const auto& p : m_predictions)
        take(p.samples());
    for (const auto& c : m_cameras)
        take(c.frames);
    if (lo > hi)
        return {0, 0};
    return {lo, hi};
}

} // namespace insolepose
