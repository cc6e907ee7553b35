import { Spin } from 'antd';

export function FullPageSpin() {
  return (
    <div className="full-page-center">
      <Spin size="large" />
    </div>
  );
}

/** Inside the layout, while a page's code loads. */
export function PageSpin() {
  return (
    <div className="page-spin">
      <Spin />
    </div>
  );
}
