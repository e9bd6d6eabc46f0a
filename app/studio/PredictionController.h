#pragma once
// The model the studio uses (File > Choose model; remembered in QSettings, default the bundled
// demo model) and File > Predict session: the model runs over the open session on a worker thread
// behind a cancellable progress dialog; the predictions are stored in the session, which reopens.
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <thread>

class QWidget;

namespace insolepose {

class PlaybackClock;
class ReviewController;
namespace model {
class PoseModel;
}

/// Loads the model and predicts whole sessions. Errors (a model that cannot be loaded, no session,
/// a failed prediction) are reported through errorOccurred; predictionFinished says how a run ended.
class PredictionController : public QObject {
    Q_OBJECT
public:
    PredictionController(ReviewController& review, PlaybackClock& clock, QWidget* dialogParent);
    ~PredictionController() override; ///< Cancels a running prediction and waits for it.

    /// Loads a model (a .pt with its .json sidecar); on failure keeps the current one.
    bool setModelFile(const QString& file);
    QString modelFile() const { return m_modelFile; }
    /// The loaded model, nullptr until one is.
    std::shared_ptr<const model::PoseModel> model() const { return m_model; }
    /// Asks for a model file and loads it.
    void chooseModel();

    /// Starts predicting the open session; false (reported) when it cannot start.
    bool predictSession();
    void cancelPrediction() { m_cancel = true; }

Q_SIGNALS:
    /// A prediction run completed (true), was cancelled or failed (false).
    void predictionFinished(bool ok, const QString& message);
    void errorOccurred(const QString& title, const QString& message);
    void statusMessage(const QString& message, int timeout_ms);

private:
    struct Job;
    void predictionDone();

    ReviewController& m_review;
    PlaybackClock& m_clock;
    QWidget* m_dialogParent;
    QString m_modelFile;
    std::shared_ptr<const model::PoseModel> m_model;
    std::thread m_thread;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_running{false};
    std::shared_ptr<Job> m_job;
};

} // namespace insolepose
