#include "insolepose/widgets/SkeletonView.h"

#include <QCoreApplication>
#include <QLabel>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QOpenGLWindow>
#include <QPainter>
#include <QSurfaceFormat>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkNew.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkPlaneSource.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>

namespace insolepose {

class SkeletonGLWindow;

namespace {

std::array<unsigned char, 3> sideColor(Side s)
{
    switch (s) {
    case Side::Left: return {66, 135, 245}; // blue
    case Side::Right: return {245, 120, 66}; // orange
    case Side::Centre: break;
    }
    return {230, 230, 230};
}

Side boneSide(const Bone& b)
{
    if (b.toKind == Bone::End::Keypoint)
        return side(b.to);
    return Side::Centre;
}

} // namespace

std::array<unsigned char, 3> errorColor(float cm)
{
    // Green (0 cm) -> yellow (10 cm) -> red (20+ cm).
    const float t = std::clamp(cm / 20.0f, 0.0f, 1.0f);
    const float r = t < 0.5f ? 2 * t : 1.0f, g = t < 0.5f ? 1.0f : 2 * (1 - t);
    return {static_cast<unsigned char>(40 + 210 * r), static_cast<unsigned char>(40 + 200 * g), 50};
}

/// The scale of the error colours (errorColor): a colour bar from 0 to 20+ cm with ticks.
class ErrorLegend : public QWidget {
    // Without this, tr() would be QWidget::tr and look the texts up in the wrong context.
    Q_DECLARE_TR_FUNCTIONS(insolepose::ErrorLegend)

public:
    explicit ErrorLegend(QWidget* parent) : QWidget(parent) { setFixedHeight(34); }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        p.fillRect(rect(), QColor(28, 31, 36));
        const QRect bar(60, 4, std::max(40, width() - 80), 12);
        for (int x = 0; x < bar.width(); ++x) {
            const auto c = errorColor(20.0f * float(x) / float(bar.width() - 1));
            p.setPen(QColor(c[0], c[1], c[2]));
            p.drawLine(bar.left() + x, bar.top(), bar.left() + x, bar.bottom());
        }
        p.setPen(QColor(216, 222, 230));
        p.drawText(QRect(4, 2, 54, 16), Qt::AlignLeft | Qt::AlignVCenter, tr("error"));
        for (int cm = 0; cm <= 20; cm += 5) {
            const int x = bar.left() + bar.width() * cm / 20;
            p.drawLine(x, bar.bottom(), x, bar.bottom() + 3);
            p.drawText(QRect(x - 30, bar.bottom() + 3, 60, 14), Qt::AlignCenter,
                       cm < 20 ? QString::number(cm) : tr("20+ cm"));
        }
    }
};

struct SkeletonView::Impl {
    QOpenGLContext* context = nullptr;
    QSurface* surface = nullptr;
    bool initialized = false;
    std::optional<Pose> pose, overlay;
    std::vector<Pose> extras; ///< More people, drawn like `pose` (setExtraPoses).
    std::optional<std::array<float, kKeypointCount>> errors;
    std::optional<std::array<bool, 2>> contacts; ///< Left, right foot on the floor (setFootContacts).
    ViewOrbit orbit;
    Eigen::Vector3f focus{0, 0, 0.9f};
    QPoint lastMouse;
    vtkNew<vtkPolyData> overlayBones;
    vtkNew<vtkActor> overlayActor;
    vtkNew<vtkTextActor> caption;
    SkeletonGLWindow* gl = nullptr;
    QWidget* legend = nullptr;
    /// The caption when it is not plain ASCII: VTK 9.1 draws a string's bytes as Latin-1, so
    /// Korean or German captions would be blank or garbled in the 3D view.
    QLabel* captionLabel = nullptr;

    vtkNew<vtkGenericOpenGLRenderWindow> window;
    vtkNew<vtkRenderer> renderer;
    vtkNew<vtkPolyData> joints;
    vtkNew<vtkPolyData> bones;
    vtkNew<vtkActor> jointActor;
    vtkNew<vtkActor> boneActor;

    void onWindowEvent(vtkObject*, unsigned long event, void* callData)
    {
        if (event == vtkCommand::WindowMakeCurrentEvent) {
            // The trap: Qt's makeCurrent() helpers would also bind Qt's framebuffer under VTK and
            // leave it drawing black; make the context current on its surface instead.
            if (context && surface)
                context->makeCurrent(surface);
        } else if (event == vtkCommand::WindowIsCurrentEvent) {
            auto* current = static_cast<bool*>(callData);
            *current = context && QOpenGLContext::currentContext() == context;
        }
    }

    void buildScene()
    {
        renderer->SetBackground(0.11, 0.12, 0.14);
        window->AddRenderer(renderer);

        vtkNew<vtkPlaneSource> floor;
        floor->SetOrigin(-2, -2, 0);
        floor->SetPoint1(2, -2, 0);
        floor->SetPoint2(-2, 2, 0);
        floor->SetResolution(16, 16);
        vtkNew<vtkPolyDataMapper> floorMapper;
        floorMapper->SetInputConnection(floor->GetOutputPort());
        vtkNew<vtkActor> floorActor;
        floorActor->SetMapper(floorMapper);
        floorActor->GetProperty()->SetRepresentationToWireframe();
        floorActor->GetProperty()->SetColor(0.35, 0.37, 0.40);
        floorActor->GetProperty()->SetLighting(false);
        renderer->AddActor(floorActor);

        vtkNew<vtkPolyDataMapper> jointMapper;
        jointMapper->SetInputData(joints);
        jointActor->SetMapper(jointMapper);
        jointActor->GetProperty()->SetRenderPointsAsSpheres(true);
        jointActor->GetProperty()->SetPointSize(9);
        renderer->AddActor(jointActor);

        vtkNew<vtkPolyDataMapper> boneMapper;
        boneMapper->SetInputData(bones);
        boneActor->SetMapper(boneMapper);
        boneActor->GetProperty()->SetRenderLinesAsTubes(true);
        boneActor->GetProperty()->SetLineWidth(5);
        renderer->AddActor(boneActor);

        vtkNew<vtkPolyDataMapper> overlayMapper;
        overlayMapper->SetInputData(overlayBones);
        overlayMapper->ScalarVisibilityOff();
        overlayActor->SetMapper(overlayMapper);
        overlayActor->GetProperty()->SetColor(0.95, 0.85, 0.25);
        overlayActor->GetProperty()->SetLineWidth(3);
        overlayActor->GetProperty()->SetOpacity(0.9);
        renderer->AddActor(overlayActor);

        caption->GetTextProperty()->SetFontSize(14);
        caption->GetTextProperty()->SetColor(0.85, 0.87, 0.9);
        caption->SetDisplayPosition(8, 8);
        renderer->AddActor2D(caption);
        placeCamera();
    }

    void placeCamera()
    {
        vtkCamera* camera = renderer->GetActiveCamera();
        const double az = orbit.azimuth * M_PI / 180.0, el = std::clamp(orbit.elevation, -5.0, 89.5) * M_PI / 180.0;
        const double fx = focus.x(), fy = focus.y(), fz = 0.9;
        camera->SetFocalPoint(fx, fy, fz);
        camera->SetPosition(fx + orbit.distance * std::cos(el) * std::cos(az),
                            fy + orbit.distance * std::cos(el) * std::sin(az), fz + orbit.distance * std::sin(el));
        // Looking straight down, "up" on screen points away from the camera's side.
        if (orbit.elevation > 80)
            camera->SetViewUp(-std::cos(az), -std::sin(az), 0);
        else
            camera->SetViewUp(0, 0, 1);
        camera->SetViewAngle(35);
        camera->SetClippingRange(0.05, 50);
    }

    /// The extra people in the side colours; the camera looks at the middle of everyone shown.
    void addExtras(vtkPoints* points, vtkCellArray* verts, vtkCellArray* lines, vtkUnsignedCharArray* jointColors,
                   vtkUnsignedCharArray* boneColors)
    {
        Eigen::Vector3f sum = pose && isFinite(*pose) ? pelvis(*pose) : Eigen::Vector3f::Zero();
        int people = pose && isFinite(*pose) ? 1 : 0;
        for (const Pose& extra : extras) {
            if (!isFinite(extra))
                continue;
            const vtkIdType base = points->GetNumberOfPoints();
            addSkeleton(extra, points, lines, boneColors);
            for (std::size_t k = 0; k < kKeypointCount; ++k) {
                const vtkIdType id = base + vtkIdType(k);
                verts->InsertNextCell(1, &id);
                jointColors->InsertNextTypedTuple(sideColor(side(static_cast<Keypoint>(k))).data());
            }
            sum += pelvis(extra);
            ++people;
        }
        if (people > 1)
            focus = sum / float(people);
    }

    static void addSkeleton(const Pose& pose, vtkPoints* points, vtkCellArray* lines, vtkUnsignedCharArray* boneColors)
    {
        const vtkIdType base = points->GetNumberOfPoints();
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            points->InsertNextPoint(pose[k].x(), pose[k].y(), pose[k].z());
        const auto n = neck(pose);
        const auto pe = pelvis(pose);
        const vtkIdType neckId = points->InsertNextPoint(n.x(), n.y(), n.z());
        const vtkIdType pelvisId = points->InsertNextPoint(pe.x(), pe.y(), pe.z());
        for (const Bone& b : skeletonBones()) {
            auto endId = [&](Bone::End kind, Keypoint k) -> vtkIdType {
                if (kind == Bone::End::Neck)
                    return neckId;
                if (kind == Bone::End::Pelvis)
                    return pelvisId;
                return base + static_cast<vtkIdType>(k);
            };
            const vtkIdType ids[2] = {endId(b.fromKind, b.from), endId(b.toKind, b.to)};
            lines->InsertNextCell(2, ids);
            if (boneColors) {
                const auto c = sideColor(boneSide(b));
                boneColors->InsertNextTypedTuple(c.data());
            }
        }
    }

    void updateGeometry()
    {
        vtkNew<vtkPoints> points;
        vtkNew<vtkCellArray> verts;
        vtkNew<vtkCellArray> lines;
        vtkNew<vtkUnsignedCharArray> jointColors;
        jointColors->SetNumberOfComponents(3);
        vtkNew<vtkUnsignedCharArray> boneColors;
        boneColors->SetNumberOfComponents(3);
        if (pose && isFinite(*pose)) {
            addSkeleton(*pose, points, lines, boneColors);
            for (std::size_t k = 0; k < kKeypointCount; ++k) {
                const vtkIdType id = vtkIdType(k);
                verts->InsertNextCell(1, &id);
                auto c = errors ? errorColor((*errors)[k]) : sideColor(side(static_cast<Keypoint>(k)));
                // Keypoints 13-15 are the left foot's, 16-18 the right's (docs/REFERENCE.md).
                if (contacts && k >= 13 && (*contacts)[(k - 13) / 3])
                    c = {255, 214, 10};
                jointColors->InsertNextTypedTuple(c.data());
            }
            focus = pelvis(*pose);
        }
        addExtras(points, verts, lines, jointColors, boneColors);
        joints->SetPoints(points);
        joints->SetVerts(verts);
        joints->GetCellData()->SetScalars(jointColors);
        bones->SetPoints(points);
        bones->SetLines(lines);
        bones->GetCellData()->SetScalars(boneColors);
        joints->Modified();
        bones->Modified();

        vtkNew<vtkPoints> overlayPoints;
        vtkNew<vtkCellArray> overlayLines;
        if (overlay && isFinite(*overlay)) {
            addSkeleton(*overlay, overlayPoints, overlayLines, nullptr);
            if (!(pose && isFinite(*pose)))
                focus = pelvis(*overlay);
        }
        overlayBones->SetPoints(overlayPoints);
        overlayBones->SetLines(overlayLines);
        overlayBones->Modified();
        placeCamera();
    }
};

/// The native OpenGL window VTK renders into; it forwards everything to its SkeletonView.
class SkeletonGLWindow : public QOpenGLWindow {
public:
    explicit SkeletonGLWindow(SkeletonView* view) : m_view(view) {}

protected:
    void initializeGL() override { m_view->initializeGL(); }
    void paintGL() override { m_view->paintGL(); }
    void mousePressEvent(QMouseEvent* e) override { m_view->mousePress(e); }
    void mouseMoveEvent(QMouseEvent* e) override { m_view->mouseMove(e); }
    void wheelEvent(QWheelEvent* e) override { m_view->wheel(e); }

private:
    SkeletonView* m_view;
};

SkeletonView::SkeletonView(QWidget* parent) : QWidget(parent), d(std::make_unique<Impl>())
{
    d->window->AddObserver(vtkCommand::WindowMakeCurrentEvent, d.get(), &Impl::onWindowEvent);
    d->window->AddObserver(vtkCommand::WindowIsCurrentEvent, d.get(), &Impl::onWindowEvent);
    d->buildScene();
    d->gl = new SkeletonGLWindow(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    QWidget* container = QWidget::createWindowContainer(d->gl, this); // takes ownership
    container->setObjectName("scene");
    container->setMinimumSize(120, 90);
    layout->addWidget(container, 1);
    d->captionLabel = new QLabel(this);
    d->captionLabel->setObjectName("captionLabel");
    d->captionLabel->setStyleSheet(QStringLiteral("QLabel { background: #1c1f24; color: #d9dde6; padding: 2px 8px; }"));
    d->captionLabel->hide();
    layout->addWidget(d->captionLabel);
    d->legend = new ErrorLegend(this);
    d->legend->setObjectName("errorLegend");
    d->legend->hide();
    layout->addWidget(d->legend);
}

QRect SkeletonView::sceneRect() const
{
    const QWidget* scene = findChild<QWidget*>(QStringLiteral("scene"), Qt::FindDirectChildrenOnly);
    return scene ? scene->geometry() : rect();
}

bool SkeletonView::isErrorLegendShown() const { return d->legend->isVisibleTo(this); }

SkeletonView::~SkeletonView()
{
    // The GL window (a child of the container) and its context go after this body runs, when d
    // is gone: drop the hook and release VTK's resources while the context still exists.
    if (d->gl->context())
        disconnect(d->gl->context(), &QOpenGLContext::aboutToBeDestroyed, this, nullptr);
    if (d->initialized) {
        d->gl->makeCurrent();
        d->window->Finalize();
        d->gl->doneCurrent();
    }
}

bool SkeletonView::isValid() const { return d->gl->isValid() && d->initialized; }

QImage SkeletonView::grabFramebuffer()
{
    if (!isValid())
        return {};
    // Render now into the back buffer and read that (a window's buffer is undefined after a swap).
    d->gl->makeCurrent();
    paintGL();
    QOpenGLExtraFunctions* f = d->context->extraFunctions();
    f->glBindFramebuffer(GL_READ_FRAMEBUFFER, d->gl->defaultFramebufferObject());
    if (d->gl->defaultFramebufferObject() == 0)
        f->glReadBuffer(GL_BACK);
    return d->gl->grabFramebuffer();
}

void SkeletonView::requestRender() { d->gl->update(); }

void SkeletonView::prepareDefaultSurfaceFormat()
{
    QSurfaceFormat fmt = QSurfaceFormat::defaultFormat();
    fmt.setRenderableType(QSurfaceFormat::OpenGL);
    fmt.setVersion(3, 2);
    fmt.setProfile(QSurfaceFormat::CoreProfile);
    fmt.setDepthBufferSize(24);
    fmt.setStencilBufferSize(8);
    fmt.setSamples(0);
    QSurfaceFormat::setDefaultFormat(fmt);
}

void SkeletonView::setPose(const std::optional<Pose>& pose)
{
    d->pose = pose;
    d->updateGeometry();
    requestRender();
}

bool SkeletonView::hasPose() const { return d->pose.has_value() && isFinite(*d->pose); }

void SkeletonView::setOverlayPose(const std::optional<Pose>& pose)
{
    d->overlay = pose;
    d->updateGeometry();
    requestRender();
}

bool SkeletonView::hasOverlayPose() const { return d->overlay.has_value() && isFinite(*d->overlay); }

void SkeletonView::setExtraPoses(std::vector<Pose> poses)
{
    d->extras = std::move(poses);
    d->updateGeometry();
    requestRender();
}

int SkeletonView::extraPoseCount() const { return int(d->extras.size()); }

void SkeletonView::setJointErrors(const std::optional<std::array<float, kKeypointCount>>& errors_cm)
{
    d->errors = errors_cm;
    d->legend->setVisible(errors_cm.has_value());
    d->updateGeometry();
    requestRender();
}

void SkeletonView::setCaption(const QString& caption)
{
    const bool ascii = std::all_of(caption.begin(), caption.end(), [](QChar c) { return c.unicode() < 0x80; });
    d->caption->SetInput(ascii ? caption.toLatin1().constData() : "");
    d->captionLabel->setText(caption);
    d->captionLabel->setVisible(!ascii && !caption.isEmpty());
    requestRender();
}

ViewOrbit SkeletonView::orbit() const { return d->orbit; }

void SkeletonView::setOrbit(const ViewOrbit& orbit)
{
    ViewOrbit o = orbit;
    o.elevation = std::clamp(o.elevation, -5.0, 89.5);
    o.distance = std::clamp(o.distance, 0.8, 15.0);
    o.azimuth = std::fmod(o.azimuth, 360.0);
    if (o == d->orbit)
        return;
    d->orbit = o;
    d->placeCamera();
    requestRender();
    Q_EMIT orbitChanged(o);
}

double SkeletonView::facingAzimuth(const Pose& pose)
{
    const Eigen::Vector3f across =
        pose[std::size_t(Keypoint::RightShoulder)] - pose[std::size_t(Keypoint::LeftShoulder)];
    const Eigen::Vector2f forward(-across.y(), across.x()); // z × across, on the floor plane
    if (!forward.allFinite() || forward.norm() < 1e-6f)
        return 90;
    return std::atan2(double(forward.y()), double(forward.x())) * 180.0 / M_PI;
}

ViewOrbit SkeletonView::presetOrbit(Preset preset, double facingAzimuth_deg)
{
    switch (preset) {
    case Preset::Front: return {facingAzimuth_deg, 5, 3.9};
    case Preset::Side: return {facingAzimuth_deg - 90, 5, 3.9};
    case Preset::Top: return {facingAzimuth_deg + 180, 89.5, 4.5};
    case Preset::Default: break;
    }
    return {};
}

void SkeletonView::setPreset(Preset preset)
{
    const bool posed = d->pose && isFinite(*d->pose);
    setOrbit(presetOrbit(preset, posed ? facingAzimuth(*d->pose) : 90.0));
}

void SkeletonView::mousePress(QMouseEvent* event) { d->lastMouse = event->position().toPoint(); }

void SkeletonView::mouseMove(QMouseEvent* event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return;
    const QPoint p = event->position().toPoint();
    const QPoint delta = p - d->lastMouse;
    d->lastMouse = p;
    ViewOrbit o = d->orbit;
    o.azimuth -= delta.x() * 0.5;
    o.elevation += delta.y() * 0.4;
    setOrbit(o);
}

void SkeletonView::wheel(QWheelEvent* event)
{
    ViewOrbit o = d->orbit;
    o.distance *= std::pow(0.9, event->angleDelta().y() / 120.0);
    setOrbit(o);
}

void SkeletonView::initializeGL()
{
    d->context = d->gl->context();
    d->surface = d->gl;
    connect(d->context, &QOpenGLContext::aboutToBeDestroyed, this, [this] {
        d->gl->makeCurrent();
        d->window->Finalize();
        d->initialized = false;
    });
    d->window->SetReadyForRendering(true);
    d->window->SetOwnContext(0);
    d->window->SetFrameBlitModeToNoBlit();
    d->window->SetForceMaximumHardwareLineWidth(1);
    d->window->OpenGLInitContext();
    d->initialized = true;
    d->updateGeometry();
}

void SkeletonView::paintGL()
{
    if (!d->initialized)
        return;
    const double dpr = d->gl->devicePixelRatio();
    const int w = int(d->gl->width() * dpr);
    const int h = int(d->gl->height() * dpr);
    d->window->SetSize(w, h);
    d->window->Render();

    // Copy VTK's framebuffer into the window's (the default framebuffer: its back buffer).
    QOpenGLExtraFunctions* f = d->context->extraFunctions();
    const GLuint target = d->gl->defaultFramebufferObject();
    f->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target);
    const GLenum buffer = target ? GL_COLOR_ATTACHMENT0 : GL_BACK;
    f->glDrawBuffers(1, &buffer);
    const bool scissor = f->glIsEnabled(GL_SCISSOR_TEST);
    if (scissor)
        f->glDisable(GL_SCISSOR_TEST);
    int* size = d->window->GetRenderFramebuffer()->GetLastSize();
    d->window->BlitDisplayFramebuffer(0, 0, 0, size[0], size[1], 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_LINEAR);

    // VTK leaves alpha < 1 where nothing opaque was drawn; a compositor (or a grab) would blend
    // those pixels with what is behind. Force the alpha channel to 1.
    GLboolean mask[4];
    f->glGetBooleanv(GL_COLOR_WRITEMASK, mask);
    GLfloat clear[4];
    f->glGetFloatv(GL_COLOR_CLEAR_VALUE, clear);
    f->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
    f->glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    f->glClear(GL_COLOR_BUFFER_BIT);
    f->glColorMask(mask[0], mask[1], mask[2], mask[3]);
    f->glClearColor(clear[0], clear[1], clear[2], clear[3]);
    if (scissor)
        f->glEnable(GL_SCISSOR_TEST);
    Q_EMIT painted();
}

std::optional<std::array<bool, 2>> SkeletonView::footContacts() const { return d->contacts; }

void SkeletonView::setFootContacts(const std::optional<std::array<bool, 2>>& contacts)
{
    if (d->contacts == contacts)
        return;
    d->contacts = contacts;
    d->updateGeometry();
    requestRender();
}

} // namespace insolepose
