#include "insolepose/devices/DeviceThread.h"

#include <QCoreApplication>
#include <QMetaObject>

namespace insolepose::devices {

DeviceThread::DeviceThread(std::unique_ptr<QObject> worker, const QString& name) : m_worker(std::move(worker))
{
    if (!name.isEmpty())
        m_thread.setObjectName(name);
}

DeviceThread::~DeviceThread() { stop(); }

void DeviceThread::start()
{
    if (m_running)
        return;
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    m_running = true;
    QMetaObject::invokeMethod(m_worker.get(), "start", Qt::QueuedConnection);
}

bool DeviceThread::stop(int timeout_ms)
{
    if (!m_running)
        return true;
    m_running = false;
    QThread* home = QThread::currentThread();
    QObject* w = m_worker.get();
    QMetaObject::invokeMethod(
        w,
        [w, home] {
            QMetaObject::invokeMethod(w, "stop", Qt::DirectConnection);
            w->moveToThread(home); // delete it where its owner lives
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    return m_thread.wait(timeout_ms);
}

} // namespace insolepose::devices
