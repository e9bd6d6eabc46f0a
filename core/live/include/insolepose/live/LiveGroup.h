#pragma once
// Several pairs of insoles live at once, one skeleton each. A LiveGroup owns one LiveSession per
// pair (each its own source URL, recording pipeline, calibration and inference thread), gives all
// of them the same model, and places each pair's predictions with its own PosePlacer: pair i
// stands i * pairSpacing_m to the right of the group's anchor (along the anchor's shoulder line),
// so the skeletons stand side by side. Everything runs on the owner's thread except inference.
// The pairs share one PoseModel: their inference threads call the const PoseModel::predict() at
// the same time (it must stay safe to do so: docs/MODEL.md, "Threads and shared state"; test_live
// checks it).
// Errors: addPair() returns -1 with lastError() naming the URL; a pair's later device or model
// errors arrive through pairError() and never stop the other pairs.
#include "insolepose/live/LiveSession.h"
#include "insolepose/live/PosePlacer.h"

#include <QObject>

#include <memory>
#include <vector>

namespace insolepose::live {

class LiveGroup : public QObject {
    Q_OBJECT
public:
    static constexpr double kDefaultPairSpacing_m = 1.0;

    explicit LiveGroup(QObject* parent = nullptr);
    ~LiveGroup() override;

    /// Connects a new pair to `url` (see SourceUrl.h; each pair needs its own URL, e.g. its own
    /// TCP port) with the group's model. Returns its index (pairs are numbered 0.. in the order
    /// they were added; removing one renumbers the later ones) or -1 with lastError().
    int addPair(const QString& url, InsoleSize size = InsoleSize::Small);
    void removePair(int pair);
    void clear();
    int pairCount() const { return int(m_pairs.size()); }
    /// The pair's session (calibration, camera, recording, stats, recentFrames); nullptr when out of range.
    LiveSession* pair(int pair) const;
    PosePlacer* placer(int pair) const;
    const QString& lastError() const { return m_lastError; }

    /// The model every pair predicts with (nullptr: none), `threadsPerPair` inference threads
    /// each (one per pair is best when there are more pairs than cores).
    void setModel(std::shared_ptr<const model::PoseModel> model, int threadsPerPair = 1);
    const std::shared_ptr<const model::PoseModel>& model() const { return m_model; }

    /// Where pair 0 stands and which way all pairs face (PosePlacer::setAnchor); later pairs stand
    /// `spacing_m` apart along the anchor's shoulder line. Restarts every pair's filter.
    void setAnchor(const PoseNormalization& anchor, double spacing_m = kDefaultPairSpacing_m);
    /// The anchor of pair `pair` under the group's anchor and spacing.
    PoseNormalization anchorOf(int pair) const;

Q_SIGNALS:
    /// A pair's prediction: the model's result (normalised frame), the same pose placed in the
    /// world by the pair's PosePlacer, and the host arrival time of the newest frame of its window.
    void predictionReady(int pair, const insolepose::model::InferenceResult& result, const insolepose::Pose& placed,
                         qint64 newestArrival_ns);
    void framesArrived(int pair);
    void pairError(int pair, const QString& message);
    void pairsChanged();

private:
    struct Pair;
    int indexOf(const LiveSession* session) const;

    std::vector<std::unique_ptr<Pair>> m_pairs;
    std::shared_ptr<const model::PoseModel> m_model;
    int m_threadsPerPair = 1;
    PoseNormalization m_anchor;
    double m_spacing_m = kDefaultPairSpacing_m;
    QString m_lastError;
};

} // namespace insolepose::live
