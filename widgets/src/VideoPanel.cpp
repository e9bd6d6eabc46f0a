#include "insolepose/widgets/VideoPanel.h"

#include "insolepose/Error.h"
#include "insolepose/LatestWinsWorker.h"
#include "insolepose/Session.h"
#include "insolepose/media/VideoReader.h"

#include <QAction>
#include <QGridLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPainter>

#include <cmath>
#include <cstring>
#include <list>
#include <mutex>
#include <optional>

namespace insolepose {

/// A pinhole camera from XRMoCap camera parameters (docs/REFERENCE.md section 6): the first two
/// rows of `intrinsic` (3x3 or XRMoCap's 4x4 form) and the extrinsics, world to camera or camera
/// to world as `world2cam` says. Lens distortion is ignored.
struct CameraProjection {
    bool valid = false;
    Eigen::Matrix<double, 2, 3> k = Eigen::Matrix<double, 2, 3>::Zero();
    Eigen::Matrix3d r = Eigen::Matrix3d::Identity(); ///< World to camera.
    Eigen::Vector3d t = Eigen::Vector3d::Zero();
    QSizeF size; ///< Image size the intrinsics refer to (empty: the decoded image's).

    static CameraProjection fromJson(const QJsonObject& o)
    {
        CameraProjection p;
        const QJsonArray in = o["intrinsic"].toArray(), er = o["extrinsic_r"].toArray(),
                         et = o["extrinsic_t"].toArray();
        if (in.size() < 3 || er.size() != 3 || et.size() != 3)
            return p;
        for (int i = 0; i < 3; ++i) {
            for (int j = 0; j < 3; ++j) {
                if (i < 2)
                    p.k(i, j) = in[i].toArray()[j].toDouble();
                p.r(i, j) = er[i].toArray()[j].toDouble();
            }
            p.t[i] = et[i].toDouble();
        }
        if (!o["world2cam"].toBool(true)) { // camera to world: invert
            p.r.transposeInPlace();
            p.t = -p.r * p.t;
        }
        p.size = QSizeF(o["width"].toDouble(), o["height"].toDouble());
        p.valid = p.k.allFinite() && p.r.allFinite() && p.t.allFinite();
        return p;
    }
    /// Pixel position of a world point, or nothing behind the camera.
    std::optional<QPointF> project(const Eigen::Vector3f& world) const
    {
        const Eigen::Vector3d c = r * world.cast<double>() + t;
        if (!valid || !(c.z() > 1e-6) || !c.allFinite())
            return std::nullopt;
        const Eigen::Vector2d uv = k * (c / c.z());
        return QPointF(uv.x(), uv.y());
    }
};

/// Paints one camera image, letterboxed, with its name and frame number.
class VideoTile : public QWidget {
public:
    explicit VideoTile(QString name, QWidget* parent) : QWidget(parent), m_name(std::move(name))
    {
        setAttribute(Qt::WA_OpaquePaintEvent);
        setMinimumSize(160, 120);
    }
    void setImage(const QImage& image, qint64 index)
    {
        m_image = image;
        m_index = index;
        m_error.clear();
        update();
    }
    void setName(const QString& name)
    {
        m_name = name;
        update();
    }
    void setError(const QString& e)
    {
        m_error = e;
        update();
    }
    /// Skeleton lines in the pixels of an image of `size` (empty size: the decoded image's).
    void setOverlay(std::vector<QLineF> lines, QSizeF size)
    {
        m_lines = std::move(lines);
        m_overlaySize = size;
        update();
    }
    qint64 index() const { return m_index; }
    const QImage& image() const { return m_image; }
    QSize sizeHint() const override { return {320, 240}; }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        p.fillRect(rect(), Qt::black);
        if (!m_image.isNull()) {
            const QSizeF s = QSizeF(m_image.size()).scaled(size(), Qt::KeepAspectRatio);
            const QRectF target((width() - s.width()) / 2, (height() - s.height()) / 2, s.width(), s.height());
            p.setRenderHint(QPainter::SmoothPixmapTransform, true);
            p.drawImage(target, m_image);
            paintOverlay(p, target);
        }
        // Caption in the bottom-left corner on a dark box (videos often burn text into the top).
        const QString caption = m_index >= 0 ? QStringLiteral("%1  frame %2").arg(m_name).arg(m_index) : m_name;
        const QRect box = p.fontMetrics().boundingRect(caption).adjusted(-4, -2, 4, 2);
        const QRect placed(4, height() - box.height() - 4, box.width(), box.height());
        p.fillRect(placed, QColor(0, 0, 0, 170));
        p.setPen(Qt::white);
        p.drawText(placed, Qt::AlignCenter, caption);
        if (!m_error.isEmpty()) {
            p.setPen(QColor(255, 120, 120));
            p.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, m_error);
        }
    }

private:
    void paintOverlay(QPainter& p, const QRectF& target)
    {
        const QSizeF size = m_overlaySize.isEmpty() ? QSizeF(m_image.size()) : m_overlaySize;
        if (m_lines.empty() || size.isEmpty())
            return;
        const double sx = target.width() / size.width(), sy = target.height() / size.height();
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(QPen(QColor(80, 255, 120), 2));
        for (const QLineF& l : m_lines)
            p.drawLine(QPointF(target.x() + l.x1() * sx, target.y() + l.y1() * sy),
                       QPointF(target.x() + l.x2() * sx, target.y() + l.y2() * sy));
    }

    QString m_name, m_error;
    std::vector<QLineF> m_lines;
    QSizeF m_overlaySize;
    QImage m_image;
    qint64 m_index = -1;
};

/// Decodes one camera's frames on its own thread (a LatestWinsWorker). request() may be called
/// from the UI thread at any rate: only the newest request is decoded; recently decoded frames
/// come from a cache. Errors arrive through failed().
class VideoDecoder : public QObject {
    Q_OBJECT
public:
    VideoDecoder(int camera, std::filesystem::path file)
        : m_camera(camera), m_file(std::move(file)), m_worker([this](qint64& index) { decodeOne(index); })
    {
        m_worker.start();
    }
    ~VideoDecoder() override { m_worker.stop(); }
    /// Returns the cached image at once if there is one; otherwise queues the request.
    std::optional<QImage> request(qint64 index)
    {
        {
            std::lock_guard lock(m_cacheMutex);
            for (auto it = m_cache.begin(); it != m_cache.end(); ++it)
                if (it->first == index) {
                    m_cache.splice(m_cache.begin(), m_cache, it);
                    return it->second;
                }
        }
        m_worker.submit(index);
        return std::nullopt;
    }

Q_SIGNALS:
    void decoded(int camera, qint64 index, const QImage& image);
    void failed(int camera, const QString& message);

private:
    void decodeOne(qint64 index)
    {
        if (!m_reader && m_error.isEmpty()) {
            try {
                m_reader.emplace(m_file);
            } catch (const Error& e) {
                m_error = QString::fromStdString(e.what());
            }
        }
        if (!m_reader) {
            Q_EMIT failed(m_camera, m_error);
            return;
        }
        VideoImage frame;
        if (!m_reader->read(index, frame)) {
            Q_EMIT failed(m_camera,
                          tr("cannot decode frame %1 of %2").arg(index).arg(QString::fromStdString(m_file.string())));
            return;
        }
        QImage image(frame.width, frame.height, QImage::Format_RGB888);
        for (int y = 0; y < frame.height; ++y)
            std::memcpy(image.scanLine(y), frame.rgb.data() + std::size_t(y) * std::size_t(frame.width) * 3,
                        std::size_t(frame.width) * 3);
        {
            std::lock_guard lock(m_cacheMutex);
            m_cache.emplace_front(index, image);
            while (m_cache.size() > 24)
                m_cache.pop_back();
        }
        Q_EMIT decoded(m_camera, index, image);
    }

    int m_camera;
    std::filesystem::path m_file;
    std::optional<VideoReader> m_reader; ///< Used on the worker thread only.
    QString m_error;
    std::mutex m_cacheMutex;
    std::list<std::pair<qint64, QImage>> m_cache;
    LatestWinsWorker<qint64> m_worker; ///< Last member: its thread stops before the rest goes.
};

VideoPanel::VideoPanel(QWidget* parent) : QWidget(parent)
{
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    m_overlayAction = new QAction(tr("Show skeleton on video"), this);
    m_overlayAction->setCheckable(true);
    connect(m_overlayAction, &QAction::toggled, this, &VideoPanel::setOverlayEnabled);
    addAction(m_overlayAction);
    setContextMenuPolicy(Qt::ActionsContextMenu);
}

void VideoPanel::setOverlayEnabled(bool on)
{
    m_overlay = on;
    m_overlayAction->setChecked(on);
    updateOverlay(m_lastTime_ns);
}

void VideoPanel::updateOverlay(TimeNs t)
{
    m_lastTime_ns = t;
    const KeypointStream* gt = m_session ? &m_session->groundTruth() : nullptr;
    const auto i = gt && m_overlay ? gt->nearest(t) : std::nullopt;
    for (std::size_t c = 0; c < m_projections.size() && c < m_tiles.size(); ++c) {
        std::vector<QLineF> lines;
        if (i && m_projections[c].valid) {
            const Pose pose = gt->pose(*i);
            for (const Bone& b : skeletonBones()) {
                const auto a = m_projections[c].project(boneEnd(pose, b.fromKind, b.from));
                const auto z = m_projections[c].project(boneEnd(pose, b.toKind, b.to));
                if (a && z)
                    lines.emplace_back(*a, *z);
            }
        }
        m_tiles[c]->setOverlay(std::move(lines), m_projections[c].size);
    }
}

std::vector<QPointF> VideoPanel::overlayPoints(int camera) const
{
    std::vector<QPointF> out;
    const KeypointStream* gt = m_session ? &m_session->groundTruth() : nullptr;
    const auto i = gt && m_overlay ? gt->nearest(m_lastTime_ns) : std::nullopt;
    if (!i || camera < 0 || camera >= int(m_projections.size()))
        return out;
    for (const Eigen::Vector3f& k : gt->pose(*i))
        if (const auto p = m_projections[std::size_t(camera)].project(k))
            out.push_back(*p);
    return out;
}

VideoPanel::~VideoPanel()
{
    m_decoders.clear(); // stop the threads before the tiles go
}

void VideoPanel::setSession(const Session* session)
{
    m_decoders.clear();
    for (auto* t : m_tiles)
        delete t;
    m_tiles.clear();
    m_wanted.clear();
    m_projections.clear();
    m_session = session;
    auto* grid = static_cast<QGridLayout*>(layout());
    if (!session || session->cameras().empty()) {
        auto* tile = new VideoTile(tr("no camera in this session"), this);
        grid->addWidget(tile, 0, 0);
        m_tiles.push_back(tile);
        m_wanted.push_back(-1);
        m_decoders.push_back(nullptr);
        return;
    }
    const auto& cams = session->cameras();
    const int columns = int(std::ceil(std::sqrt(double(cams.size()))));
    for (std::size_t i = 0; i < cams.size(); ++i) {
        auto* tile = new VideoTile(QString::fromStdString(cams[i].name), this);
        grid->addWidget(tile, int(i) / columns, int(i) % columns);
        m_tiles.push_back(tile);
        m_wanted.push_back(-2); // nothing asked yet
        auto decoder = std::make_unique<VideoDecoder>(int(i), cams[i].videoPath);
        connect(decoder.get(), &VideoDecoder::decoded, this, &VideoPanel::onDecoded);
        connect(decoder.get(), &VideoDecoder::failed, this, [this](int camera, const QString& m) {
            if (camera < int(m_tiles.size()))
                m_tiles[std::size_t(camera)]->setError(m);
        });
        m_decoders.push_back(std::move(decoder));
        m_projections.push_back(CameraProjection::fromJson(cams[i].parameters));
    }
}

void VideoPanel::showTime(TimeNs t)
{
    if (!m_session)
        return;
    updateOverlay(t);
    const auto& cams = m_session->cameras();
    for (std::size_t i = 0; i < cams.size() && i < m_decoders.size(); ++i) {
        // The frame number at t; none before the camera starts or after it ends (never a stale frame).
        const auto frame = cams[i].frameAt(t);
        const qint64 index = frame ? qint64(*frame) : -1;
        if (index == m_wanted[i])
            continue;
        m_wanted[i] = index;
        if (!frame) {
            m_tiles[i]->setImage(QImage(), -1);
            m_tiles[i]->setError(tr("no frame at this time (the camera runs %1 s .. %2 s)")
                                     .arg(nsToSeconds(cams[i].frames.empty() ? 0 : cams[i].frames.timeAt(0)), 0, 'f', 2)
                                     .arg(nsToSeconds(cams[i].end_ns()), 0, 'f', 2));
            continue;
        }
        if (auto cached = m_decoders[i]->request(index)) {
            m_tiles[i]->setImage(*cached, index);
            Q_EMIT frameShown(int(i), index);
        }
    }
}

void VideoPanel::onDecoded(int camera, qint64 index, const QImage& image)
{
    const auto c = std::size_t(camera);
    // A frame decoded for a session no longer shown (queued before setSession) is dropped.
    if (c >= m_tiles.size() || c >= m_decoders.size() || !m_decoders[c] || sender() != m_decoders[c].get())
        return;
    m_tiles[c]->setImage(image, index);
    Q_EMIT frameShown(camera, index);
}

void VideoPanel::showLiveImage(const QImage& image, const QString& caption)
{
    if (m_tiles.empty())
        setSession(nullptr);
    m_tiles[0]->setName(caption);
    m_tiles[0]->setImage(image, -1);
}

qint64 VideoPanel::wantedFrame(int camera) const
{
    return camera >= 0 && camera < int(m_wanted.size()) ? m_wanted[std::size_t(camera)] : -1;
}

qint64 VideoPanel::shownFrame(int camera) const
{
    return camera >= 0 && camera < int(m_tiles.size()) ? m_tiles[std::size_t(camera)]->index() : -1;
}

QImage VideoPanel::shownImage(int camera) const
{
    return camera >= 0 && camera < int(m_tiles.size()) ? m_tiles[std::size_t(camera)]->image() : QImage();
}

} // namespace insolepose

#include "VideoPanel.moc"
