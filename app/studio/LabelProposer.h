#pragma once
// Labels > Propose labels from model: runs the model's action probe over the open session on a
// worker thread (core/model proposeLabels) and hands the proposed track back on the UI thread.
// Errors (no probe beside the model, a model that cannot be read) come back as one message;
// exceptions never cross the thread.
#include "insolepose/Labels.h"

#include <QObject>
#include <QString>

#include <thread>

namespace insolepose {

class Session;

class LabelProposer : public QObject {
    Q_OBJECT
public:
    explicit LabelProposer(QObject* parent = nullptr);
    ~LabelProposer() override;

    /// Starts a proposal; false when one is running. `session` must outlive it (see wait()).
    bool start(const Session& session, const QString& modelFile);
    bool isRunning() const { return m_running; }
    /// Blocks until the running proposal (if any) is done; its result is then dropped.
    void wait();

Q_SIGNALS:
    void proposed(const insolepose::LabelTrack& track);
    void failed(const QString& message);

private:
    std::thread m_thread;
    bool m_running = false;
    int m_generation = 0; ///< Results of a run that wait() abandoned are dropped.
};

} // namespace insolepose
