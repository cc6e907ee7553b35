import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { usePageTitle } from '../components/PageHeader.js';

export default function NotFoundPage() {
  usePageTitle('页面不存在');
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在，可能是链接有误或功能尚未上线。"
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          返回工作台
        </Button>
      }
    />
  );
}
