#include "insolepose/live/LiveGroup.h"

#include <Eigen/Geometry>

namespace insolepose::live {

struct LiveGroup::Pair {
    LiveSession session;
    PosePlacer placer;
};

LiveGroup::LiveGroup(QObject* parent) : QObject(parent) {}

LiveGroup::~LiveGroup() { clear(); }

int LiveGroup::indexOf(const LiveSession* session) const
{
    for (std::size_t i = 0; i < m_pairs.size(); ++i)
        if (&m_pairs[i]->session == session)
            return int(i);
    return -1;
}

int LiveGroup::addPair(const QString& url, InsoleSize size)
{
    auto pair = std::make_unique<Pair>();
    LiveSession* s = &pair->session;
    if (!s->connectSource(url, size)) {
        m_lastError = s->lastError();
        return -1;
    }
    // A session that is no longer in m_pairs (one being removed) has no index: its signals are
    // dropped (removePair and clear disconnect it first; this is the second line of defence).
    connect(s, &LiveSession::framesArrived, this, [this, s] {
        if (const int i = indexOf(s); i >= 0)
            Q_EMIT framesArrived(i);
    });
    connect(s, &LiveSession::errorOccurred, this, [this, s](const QString& m) {
        if (const int i = indexOf(s); i >= 0)
            Q_EMIT pairError(i, m);
    });
    connect(s, &LiveSession::predictionReady, this,
            [this, s](const model::InferenceResult& r, qint64 newestArrival_ns) {
                const int i = indexOf(s);
                if (i < 0)
                    return;
                const Pose placed = m_pairs[std::size_t(i)]->placer.place(r.keypoints, r.frameTime_ns);
                Q_EMIT predictionReady(i, r, placed, newestArrival_ns);
            });
    s->setModel(m_model, m_threadsPerPair);
    m_pairs.push_back(std::move(pair));
    const int index = pairCount() - 1;
    m_pairs.back()->placer.setAnchor(anchorOf(index));
    Q_EMIT pairsChanged();
    return index;
}

void LiveGroup::removePair(int pair)
{
    if (pair < 0 || pair >= pairCount())
        return;
    // Out of the list and disconnected before it goes: ~LiveSession stops its recording, source and
    // model, and the last frames it polls must not reach a list that is being changed.
    std::unique_ptr<Pair> gone = std::move(m_pairs[std::size_t(pair)]);
    m_pairs.erase(m_pairs.begin() + pair);
    disconnect(&gone->session, nullptr, this, nullptr);
    gone.reset();
    for (int i = pair; i < pairCount(); ++i)
        m_pairs[std::size_t(i)]->placer.setAnchor(anchorOf(i));
    Q_EMIT pairsChanged();
}

void LiveGroup::clear()
{
    if (m_pairs.empty())
        return;
    std::vector<std::unique_ptr<Pair>> gone;
    gone.swap(m_pairs);
    for (const auto& p : gone)
        disconnect(&p->session, nullptr, this, nullptr);
    gone.clear();
    Q_EMIT pairsChanged();
}

LiveSession* LiveGroup::pair(int pair) const
{
    return pair >= 0 && pair < pairCount() ? &m_pairs[std::size_t(pair)]->session : nullptr;
}

PosePlacer* LiveGroup::placer(int pair) const
{
    return pair >= 0 && pair < pairCount() ? &m_pairs[std::size_t(pair)]->placer : nullptr;
}

void LiveGroup::setModel(std::shared_ptr<const model::PoseModel> model, int threadsPerPair)
{
    m_model = std::move(model);
    m_threadsPerPair = std::max(1, threadsPerPair);
    for (const auto& p : m_pairs) {
        p->session.setModel(m_model, m_threadsPerPair);
        p->placer.reset();
    }
}

void LiveGroup::setAnchor(const PoseNormalization& anchor, double spacing_m)
{
    m_anchor = anchor;
    m_spacing_m = spacing_m;
    for (int i = 0; i < pairCount(); ++i)
        m_pairs[std::size_t(i)]->placer.setAnchor(anchorOf(i));
}

PoseNormalization LiveGroup::anchorOf(int pair) const
{
    // The anchor's shoulder line is +x in the normalised frame; undoing the yaw turns it into the
    // world direction (docs/REFERENCE.md section 1, "Normalisation").
    const Eigen::Vector2f right = Eigen::Rotation2Df(-m_anchor.yaw_rad) * Eigen::Vector2f::UnitX();
    PoseNormalization a = m_anchor;
    a.pelvisXY += float(pair * m_spacing_m) * right;
    return a;
}

} // namespace insolepose::live
