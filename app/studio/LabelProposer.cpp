#include "LabelProposer.h"

#include "insolepose/Error.h"
#include "insolepose/model/LabelProposal.h"

#include <QMetaObject>

namespace insolepose {

LabelProposer::LabelProposer(QObject* parent) : QObject(parent) {}

LabelProposer::~LabelProposer() { wait(); }

bool LabelProposer::start(const Session& session, const QString& modelFile)
{
    if (m_running)
        return false;
    if (m_thread.joinable())
        m_thread.join();
    m_running = true;
    const int generation = ++m_generation;
    m_thread = std::thread([this, &session, file = modelFile.toStdString(), generation] {
        std::optional<LabelTrack> track;
        QString error;
        try {
            track = model::proposeLabels(session, file);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this,
            [this, track = std::move(track), error, generation] {
                if (generation != m_generation)
                    return;
                m_running = false;
                if (track)
                    Q_EMIT proposed(*track);
                else
                    Q_EMIT failed(error);
            },
            Qt::QueuedConnection);
    });
    return true;
}

void LabelProposer::wait()
{
    if (m_thread.joinable())
        m_thread.join();
    ++m_generation;
    m_running = false;
}

} // namespace insolepose
