#pragma once
// The model the studio uses (File > Choose model; remembered in QSettings, default the bundled
// demo model) and File > Predict session: the model runs over the open session on a worker thread
// behind a cancellable progress dialog; the predictions are stored in the session, which reopens.
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

class QWidget;

namespace insolepose {

class PlaybackClock;
class ReviewController;
class Session;
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
    /// A bundled model (e.g. "lite-demo.pt", "lite-live.pt"): installed, else in the source tree;
    /// empty when there is none.
    static QString bundledModelFile(const QString& fileName);

    /// What to do when the session already holds predictions of the model's name.
    enum class ExistingPredictions { Overwrite, KeepBoth, Cancel };
    /// Replaces the question asked then (a message box: Overwrite / Keep both / Cancel), e.g. in tests.
    void setExistingPredictionsQuestion(std::function<ExistingPredictions(const QString& name)> ask);
    /// `base` when `session` holds no predictions of that name, else the first free "base-2", "base-3"...
    static std::string freePredictionName(const Session& session, const std::string& base);

    /// Starts predicting the open session; false when it cannot start (reported) or the user
    /// cancelled at the question about existing predictions of the same name.
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
    std::function<ExistingPredictions(const QString& name)> m_askExisting;
};

} // namespace insolepose
